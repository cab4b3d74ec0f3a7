package dev.binfarm.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Assumptions;

/** Test fixtures: the shared catalogs (copied, never touched), programs built with gcc, repos built with JGit. */
public final class Fixtures {
    private Fixtures() { }

    /** ../shared/catalogs from the project root, or null when this machine has none. */
    public static Path sharedCatalogs() {
        String env = System.getenv("BINFARM_SHARED");
        if (env != null && Files.isDirectory(Path.of(env, "catalogs"))) return Path.of(env, "catalogs");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/catalogs");
            if (Files.isDirectory(c.resolve("dynamic-apps.git")) && Files.isDirectory(c.resolve("static-pie-apps.git"))) return c;
        }
        return null;
    }

    /** Copies a shared catalog repo into {@code dir}; skips the test (visibly) when ../shared is absent. */
    public static Path copyShared(String repo, Path dir) throws IOException {
        Path shared = sharedCatalogs();
        Assumptions.assumeTrue(shared != null, "../shared/catalogs is absent on this machine: shared-catalog tests skipped");
        Path to = dir.resolve(repo);
        copyTree(shared.resolve(repo), to);
        return to;
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
                t.toFile().setWritable(true, true);
            }
        }
    }

    public static String fileUrl(Path p) { return p.toUri().toString(); }

    // ---- programs built with gcc at test time

    /** Builds a C program with extra gcc flags; skips the test when gcc is missing. */
    public static byte[] gcc(Path dir, String name, String source, String... flags) throws IOException, InterruptedException {
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O1", "-o", out.toString(), c.toString()));
        cmd.addAll(List.of(flags));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed: " + e.getMessage());
            throw e;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("gcc " + cmd + " failed:\n" + log);
        return Files.readAllBytes(out);
    }

    /** A static-pie program (the catalogs of the farm's own tests are made of these). */
    public static byte[] staticPie(Path dir, String name, String source) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        return gcc(dir, name, source, "-static-pie");
    }

    public static final String HELLO = "#include <stdio.h>\nint main(void){puts(\"hello\");return 0;}\n";
    public static final String LIB = "int answer(void){return 42;}\n";

    // ---- repositories built with JGit, no work tree

    /** One tree entry: content, mode (EXECUTABLE_FILE, REGULAR_FILE, SYMLINK). */
    public record Entry(byte[] content, FileMode mode) {
        public static Entry file(String text) { return new Entry(text.getBytes(StandardCharsets.UTF_8), FileMode.REGULAR_FILE); }
        public static Entry exe(byte[] bytes) { return new Entry(bytes, FileMode.EXECUTABLE_FILE); }
        public static Entry data(byte[] bytes) { return new Entry(bytes, FileMode.REGULAR_FILE); }
        public static Entry link(String target) { return new Entry(target.getBytes(StandardCharsets.UTF_8), FileMode.SYMLINK); }
    }

    /** Apps named {@code names}, each {@code <name>/<name>} holding {@code program}. */
    public static Map<String, byte[]> apps(byte[] program, List<String> names) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (String n : names) files.put(n + "/" + n, program);
        return files;
    }

    /** {@code prefix01}, {@code prefix02}, ... up to {@code count}. */
    public static List<String> names(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) out.add(String.format("%s%02d", prefix, i));
        return out;
    }

    /** Like {@link #commit}, every file an executable; returns the commit id. */
    public static String commitPrograms(Path dir, Map<String, byte[]> programs, String message) throws Exception {
        Map<String, Entry> files = new java.util.LinkedHashMap<>();
        programs.forEach((path, bytes) -> files.put(path, Entry.exe(bytes)));
        return commit(dir, files, message).name();
    }

    /** A bare repo at {@code dir} (created if needed) with one more commit on main holding exactly {@code files}. */
    public static ObjectId commit(Path dir, Map<String, Entry> files, String message) throws Exception {
        if (!Files.exists(dir.resolve("HEAD"))) Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call().close();
        try (Git git = Git.open(dir.toFile()); ObjectInserter ins = git.getRepository().newObjectInserter()) {
            Repository repo = git.getRepository();
            ObjectId tree = tree(ins, new TreeNode(), files);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            PersonIdent who = new PersonIdent("binfarm test", "test@binfarm.dev");
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage(message);
            ObjectId head = repo.resolve("refs/heads/main");
            if (head != null) cb.setParentId(head);
            ObjectId id = ins.insert(cb);
            ins.flush();
            RefUpdate u = repo.updateRef("refs/heads/main");
            u.setNewObjectId(id);
            u.setForceUpdate(true);
            u.update();
            return id;
        }
    }

    private static final class TreeNode {
        final Map<String, Object> children = new LinkedHashMap<>();
    }

    private static ObjectId tree(ObjectInserter ins, TreeNode root, Map<String, Entry> files) throws IOException {
        for (Map.Entry<String, Entry> e : files.entrySet()) {
            String[] parts = e.getKey().split("/");
            TreeNode n = root;
            for (int i = 0; i < parts.length - 1; i++) n = (TreeNode) n.children.computeIfAbsent(parts[i], k -> new TreeNode());
            n.children.put(parts[parts.length - 1], e.getValue());
        }
        return write(ins, root);
    }

    private static ObjectId write(ObjectInserter ins, TreeNode node) throws IOException {
        TreeFormatter f = new TreeFormatter();
        // Git orders tree entries by name, with folders compared as "name/".
        List<String> names = new ArrayList<>(node.children.keySet());
        names.sort(Comparator.comparing(n -> node.children.get(n) instanceof TreeNode ? n + "/" : n));
        for (String name : names) {
            Object child = node.children.get(name);
            if (child instanceof TreeNode t) f.append(name, FileMode.TREE, write(ins, t));
            else {
                Entry e = (Entry) child;
                f.append(name, e.mode(), ins.insert(Constants.OBJ_BLOB, e.content()));
            }
        }
        return ins.insert(f);
    }
}
