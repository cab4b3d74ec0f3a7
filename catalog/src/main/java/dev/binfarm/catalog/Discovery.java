package dev.binfarm.catalog;

import dev.binfarm.catalog.spec.Spec;
import dev.binfarm.catalog.spec.SpecBook;
import dev.binfarm.catalog.spec.SpecException;
import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.elf.ElfKind;
import dev.binfarm.emulator.elf.InvalidElfException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Finds the apps in a catalog's git tree at one commit, reading blobs straight
 * from the object store (no checkout).
 *
 * <p>Rules, after FACTS.md:
 * <ul>
 * <li>Every blob that starts with the ELF magic is parsed with {@link ElfFile};
 *     programs are static-pie, dynamic or static (non-PIE, flagged). Shared
 *     libraries, files named {@code *.so*}, programs under a {@code lib},
 *     {@code lib32}, {@code lib64} or {@code libexec} folder, and the
 *     interpreter itself are not apps. Invalid ELF files become notes.</li>
 * <li>A dynamic program's root is the nearest enclosing folder that holds its
 *     interpreter (e.g. {@code lib64/ld-linux-x86-64.so.2}), else the nearest
 *     holding {@code lib/} or {@code lib64/}; its path inside is relative to
 *     that root ({@code /usr/bin/sqlite3}). Nested roots work the same way
 *     ({@code lang/c/helloworld}).</li>
 * <li>A static program beside a {@code rootfs/} folder has that folder as its
 *     filesystem and runs as {@code /<file name>} (static-pie-apps).</li>
 * <li>Otherwise the root is the program's folder, minus a trailing
 *     {@code bin}, {@code sbin}, {@code usr/bin}, {@code usr/sbin} or
 *     {@code usr/local/bin}.</li>
 * <li>Several programs in one root: the main one is the one the spec names
 *     ({@code elf:}), else the one named like the root folder, else the only
 *     one in a bin folder, else the only one; failing all that, the first by
 *     path, with a note.</li>
 * </ul>
 */
public final class Discovery {
    /** Largest program we read (real ones are a few MB). */
    static final int MAX_ELF_BYTES = 512 << 20;
    static final List<String> BIN_DIRS = List.of("usr/local/bin", "usr/local/sbin", "usr/bin", "usr/sbin", "bin", "sbin");
    static final Set<String> LIB_DIRS = Set.of("lib", "lib32", "lib64", "libexec");

    /** What one sync found: the apps by name, and notes about files that were not apps. */
    public record Result(List<App> apps, List<String> notes) { }

    private record Program(String path, ElfKind kind, String interpreter, String sha256, long size) { }

    private record Placed(Program program, String root, String filesystem, String elf) { }

    private final Set<String> files = new HashSet<>();
    private final Set<String> dirs = new HashSet<>();
    private final List<Program> programs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private Discovery() { }

    /** The commit's apps, with specs from the repo's binfarm.yaml, the shipped specs, or the default. */
    static Result discover(Repository repo, ObjectId commit, String catalogName, String url)
            throws IOException, SpecException {
        Discovery d = new Discovery();
        String yaml = d.scan(repo, commit);
        SpecBook book = SpecBook.of(catalogName, url, yaml);
        return new Result(d.apps(book), List.copyOf(d.notes));
    }

    /** Reads the tree; returns the text of the top-level binfarm.yaml, or null. */
    private String scan(Repository repo, ObjectId commit) throws IOException {
        String yaml = null;
        try (RevWalk rw = new RevWalk(repo); ObjectReader reader = repo.newObjectReader();
             TreeWalk tw = new TreeWalk(reader)) {
            RevCommit c = rw.parseCommit(commit);
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                String path = tw.getPathString();
                FileMode mode = tw.getFileMode(0);
                files.add(path);
                for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) dirs.add(path.substring(0, i));
                if (mode.getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB || mode == FileMode.SYMLINK) continue;
                ObjectLoader loader = reader.open(tw.getObjectId(0));
                if (path.equals(SpecBook.REPO_FILE)) {
                    yaml = new String(loader.getBytes(1 << 20), StandardCharsets.UTF_8);
                    continue;
                }
                if (loader.getSize() < 4 || !startsWithElfMagic(loader)) continue;
                if (loader.getSize() > MAX_ELF_BYTES) {
                    notes.add(path + ": ELF larger than " + (MAX_ELF_BYTES >> 20) + " MB, skipped");
                    continue;
                }
                byte[] bytes = loader.getBytes(MAX_ELF_BYTES);
                try {
                    ElfFile elf = ElfFile.parse(bytes);
                    if (elf.kind().isProgram())
                        programs.add(new Program(path, elf.kind(), elf.interpreter(), sha256(bytes), bytes.length));
                } catch (InvalidElfException e) {
                    notes.add(path + ": " + e.getMessage());
                } catch (RuntimeException e) {
                    // A parser bug must not fail the whole catalog; the file is reported, not listed.
                    notes.add(path + ": cannot classify this ELF (" + e + ")");
                }
            }
        }
        return yaml;
    }

    private static boolean startsWithElfMagic(ObjectLoader loader) throws IOException {
        try (InputStream in = loader.openStream()) {
            return ElfFile.hasMagic(in.readNBytes(4));
        }
    }

    private List<App> apps(SpecBook book) {
        Map<String, List<Placed>> byRoot = new TreeMap<>();
        for (Program p : programs) {
            if (!isAppCandidate(p.path)) continue;
            Placed placed = place(p);
            byRoot.computeIfAbsent(placed.root, k -> new ArrayList<>()).add(placed);
        }
        List<App> apps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, List<Placed>> e : byRoot.entrySet()) {
            List<Placed> candidates = withoutInterpreters(e.getValue());
            if (candidates.isEmpty()) continue;
            String root = e.getKey();
            String name = root.isEmpty() ? fileName(candidates.get(0).program.path) : root;
            List<String> appNotes = new ArrayList<>();
            Placed main = pickMain(name, root, candidates, book, appNotes);
            if (root.isEmpty()) name = fileName(main.program.path);
            if (!names.add(name)) {
                notes.add(main.program.path + ": app name '" + name + "' already taken, skipped");
                continue;
            }
            Program p = main.program;
            if (p.kind == ElfKind.STATIC) appNotes.add(0, App.NON_PIE_NOTE);
            Spec spec = book.resolve(name, main.elf);
            apps.add(new App(name, p.kind, main.elf, p.interpreter, root, main.filesystem, p.path, p.sha256, p.size,
                    spec, appNotes));
        }
        apps.sort(Comparator.comparing(App::name));
        return apps;
    }

    private static boolean isAppCandidate(String path) {
        String name = fileName(path);
        if (name.matches(".*\\.so(\\.[0-9]+)*")) return false;
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) if (LIB_DIRS.contains(parts[i])) return false;
        return true;
    }

    private Placed place(Program p) {
        String dir = parent(p.path);
        if (p.kind == ElfKind.DYNAMIC && p.interpreter != null && p.interpreter.startsWith("/")) {
            String interp = p.interpreter.substring(1);
            for (String d = dir; d != null; d = parent(d)) {
                if (files.contains(join(d, interp))) return inside(p, d);
            }
            for (String d = dir; d != null; d = parent(d)) {
                if (dirs.contains(join(d, "lib")) || dirs.contains(join(d, "lib64"))) return inside(p, d);
            }
        }
        if (p.kind != ElfKind.DYNAMIC && dirs.contains(join(dir, "rootfs")))
            return new Placed(p, dir, join(dir, "rootfs"), "/" + fileName(p.path));
        for (String bin : BIN_DIRS) {
            if (dir.equals(bin)) return inside(p, "");
            if (dir.endsWith("/" + bin)) return inside(p, dir.substring(0, dir.length() - bin.length() - 1));
        }
        return inside(p, dir);
    }

    private static Placed inside(Program p, String root) {
        String elf = "/" + (root.isEmpty() ? p.path : p.path.substring(root.length() + 1));
        return new Placed(p, root, root, elf);
    }

    /** Drops programs that are another program's interpreter (a static ld.so, a musl loader). */
    private static List<Placed> withoutInterpreters(List<Placed> placed) {
        Set<String> interps = new HashSet<>();
        for (Placed p : placed) if (p.program.interpreter != null) interps.add(p.program.interpreter);
        return placed.stream().filter(p -> !interps.contains(p.elf)).toList();
    }

    private Placed pickMain(String name, String root, List<Placed> candidates, SpecBook book, List<String> appNotes) {
        if (candidates.size() == 1) return candidates.get(0);
        Spec written = book.written(name);
        if (written != null && written.elf() != null) {
            for (Placed p : candidates) if (p.elf.equals(written.elf())) return p;
            appNotes.add("spec names " + written.elf() + " but no program is there");
        }
        String folder = fileName(root).toLowerCase(Locale.ROOT);
        List<Placed> named = candidates.stream()
                .filter(p -> fileName(p.program.path).toLowerCase(Locale.ROOT).equals(folder)).toList();
        if (named.size() == 1) return named.get(0);
        List<Placed> inBin = candidates.stream().filter(p -> BIN_DIRS.contains(parent(p.elf.substring(1)))).toList();
        if (inBin.size() == 1) return inBin.get(0);
        List<Placed> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing(p -> p.program.path));
        Map<String, Placed> unique = new LinkedHashMap<>();
        for (Placed p : sorted) unique.putIfAbsent(p.elf, p);
        appNotes.add(unique.size() + " programs in one root (" + String.join(", ", unique.keySet())
                + "); picked " + sorted.get(0).elf + ", name the main one with 'elf:' in binfarm.yaml");
        return sorted.get(0);
    }

    static String parent(String path) {
        if (path.isEmpty()) return null;
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String join(String dir, String rest) {
        return dir.isEmpty() ? rest : dir + "/" + rest;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
