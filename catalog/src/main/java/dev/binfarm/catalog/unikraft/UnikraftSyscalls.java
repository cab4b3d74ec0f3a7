package dev.binfarm.catalog.unikraft;

import dev.binfarm.emulator.kernel.SyscallNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;

/**
 * The syscalls a Unikraft source tree provides, at one revision: every
 * {@code UK_PROVIDED_SYSCALLS-$(CONFIG_X) += name-N} entry of every
 * {@code Makefile.uk}, read from git objects (no checkout). Make syntax handled:
 * continuation lines, several entries per line, any condition (one or several
 * CONFIG symbols, {@code y}), comments, duplicates; entries inside
 * {@code ifeq/ifdef} blocks count too, since a profile is what the tree can
 * provide under some configuration. Names x86-64 Linux does not know are kept
 * apart and reported, never dropped silently.
 */
public final class UnikraftSyscalls {
    private UnikraftSyscalls() { }

    /** One provided entry: the syscall, its declared arity, where it was declared and under which condition. */
    public record Entry(String name, int arity, String file, String condition) { }

    /**
     * What a tree provides: {@code names} (known x86-64 syscalls, sorted, no duplicates),
     * {@code unknown} (names Linux x86-64 does not define, e.g. Unikraft-only calls or typos),
     * {@code malformed} (entries without {@code -N}), and every entry as found.
     */
    public record Extraction(String commit, List<String> names, List<String> unknown, List<String> malformed,
                             List<Entry> entries) {
        public int size() { return names.size(); }
    }

    private static final Pattern ASSIGN = Pattern.compile("^\\s*UK_PROVIDED_SYSCALLS-(\\S*?)\\s*(\\+=|:=|=)\\s*(.*)$");
    private static final Pattern ENTRY = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)-(\\d+)$");

    /** Clones {@code url} (bare, into {@code work}) and extracts at {@code rev} (null: HEAD). */
    public static Extraction fromUrl(String url, String rev, Path work) throws IOException {
        try (Git git = Git.cloneRepository().setURI(url).setBare(true).setDirectory(work.toFile())
                .setCloneAllBranches(true).call()) {
            return extract(git.getRepository(), rev);
        } catch (GitAPIException e) {
            throw new IOException("cannot clone " + url + ": " + e.getMessage(), e);
        }
    }

    /** Extracts from {@code repo} at {@code rev} (a branch, tag or commit; null: HEAD). */
    public static Extraction extract(Repository repo, String rev) throws IOException {
        String spec = rev == null ? "HEAD" : rev;
        ObjectId id = repo.resolve(spec + "^{commit}");
        if (id == null) id = repo.resolve("origin/" + spec + "^{commit}");
        if (id == null) throw new IOException("revision " + spec + " not found");
        List<Entry> entries = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo); ObjectReader reader = repo.newObjectReader(); TreeWalk tw = new TreeWalk(reader)) {
            RevCommit c = rw.parseCommit(id);
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            tw.setFilter(PathSuffixFilter.create("Makefile.uk"));
            while (tw.next()) {
                String path = tw.getPathString();
                if (!path.equals("Makefile.uk") && !path.endsWith("/Makefile.uk")) continue;
                if (tw.getFileMode(0).getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) continue;
                String text = new String(reader.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                parse(path, text, entries, malformed);
            }
            return summarize(id.name(), entries, malformed);
        }
    }

    /** Parses one Makefile.uk's text (exposed for tests and for trees already on disk). */
    public static Extraction parse(String file, String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        parse(file, text, entries, malformed);
        return summarize(null, entries, malformed);
    }

    private static Extraction summarize(String commit, List<Entry> entries, List<String> malformed) {
        Set<String> names = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (Entry e : entries) {
            if (SyscallNames.number(e.name()) >= 0) names.add(e.name());
            else unknown.add(e.name());
        }
        return new Extraction(commit, List.copyOf(names), List.copyOf(unknown), List.copyOf(malformed), List.copyOf(entries));
    }

    private static void parse(String file, String text, List<Entry> entries, List<String> malformed) {
        for (String line : logicalLines(text)) {
            Matcher m = ASSIGN.matcher(line);
            if (!m.matches()) continue;
            String cond = m.group(1);
            for (String word : m.group(3).trim().split("\\s+")) {
                if (word.isEmpty()) continue;
                Matcher e = ENTRY.matcher(word);
                if (e.matches()) entries.add(new Entry(e.group(1), Integer.parseInt(e.group(2)), file, cond));
                else malformed.add(file + ": " + word);
            }
        }
    }

    /**
     * Make's view of the text: backslash-newline continuations joined first, then
     * '#' comments removed, as GNU make does (so a comment ending in a backslash
     * swallows the next line too).
     */
    static List<String> logicalLines(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : text.split("\r?\n", -1)) {
            if (endsWithContinuation(raw)) {
                cur.append(raw, 0, raw.length() - 1).append(' ');
                continue;
            }
            cur.append(raw);
            out.add(stripComment(cur.toString()));
            cur.setLength(0);
        }
        if (!cur.isEmpty()) out.add(stripComment(cur.toString()));
        return out;
    }

    /** An odd number of trailing backslashes: the last one escapes the newline. */
    private static boolean endsWithContinuation(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) n++;
        return n % 2 == 1;
    }

    /** Drops a '#' comment (an escaped "\#" stays a literal '#'). */
    private static String stripComment(String line) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '#') { sb.append('#'); i++; continue; }
            if (ch == '#') break;
            sb.append(ch);
        }
        return sb.toString();
    }

    /** Known names by condition, for reports: which CONFIG symbol brings which syscalls. */
    public static TreeMap<String, TreeSet<String>> byCondition(Extraction x) {
        TreeMap<String, TreeSet<String>> out = new TreeMap<>();
        for (Entry e : x.entries()) out.computeIfAbsent(e.condition(), k -> new TreeSet<>()).add(e.name());
        return out;
    }
}
