package dev.binfarm.worker;

import dev.binfarm.catalog.Catalogs;
import dev.binfarm.results.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
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

/**
 * A farm home for tests: a real H2 database, catalogs synced from copies of the shared
 * catalogs or from repositories built with JGit, programs compiled with gcc at test time.
 */
final class Farmyard implements AutoCloseable {
    final Path home;
    final Database db;
    final Catalogs catalogs;

    Farmyard(Path home) {
        this.home = home;
        this.db = Database.openHome(home);
        this.catalogs = new Catalogs(home.resolve("catalogs"), new DbStore(db.catalogs()));
    }

    /** Registers and syncs a catalog; returns the synced commit. */
    String sync(String name, Path repo) throws Exception {
        catalogs.add(name, repo.toUri().toString(), null);
        return catalogs.sync(name).commit();
    }

    @Override
    public void close() { db.close(); }

    // ---- shared catalogs (copied, never touched)

    static Path sharedCatalogs() {
        String env = System.getenv("BINFARM_SHARED");
        if (env != null && Files.isDirectory(Path.of(env, "catalogs"))) return Path.of(env, "catalogs");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/catalogs");
            if (Files.isDirectory(c.resolve("static-pie-apps.git"))) return c;
        }
        return null;
    }

    static Path copyShared(String repo, Path dir) throws IOException {
        Path shared = sharedCatalogs();
        Assumptions.assumeTrue(shared != null, "../shared/catalogs is absent on this machine: shared-catalog tests skipped");
        Path to = dir.resolve(repo);
        try (Stream<Path> s = Files.walk(shared.resolve(repo))) {
            for (Path p : s.toList()) {
                Path t = to.resolve(shared.resolve(repo).relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
                t.toFile().setWritable(true, true);
            }
        }
        return to;
    }

    /** Path -> SHA-256 of every file under {@code dir}, to show a tree was not touched. */
    static String digest(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                sb.append(dir.relativize(p));
                if (Files.isRegularFile(p)) sb.append(' ').append(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    // ---- programs

    /** A static-pie program built with gcc; skips the test when gcc is missing. */
    static byte[] staticPie(Path dir, String name, String source) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path out = dir.resolve(name);
        List<String> cmd = List.of("gcc", "-O1", "-static-pie", "-o", out.toString(), c.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed: " + e.getMessage());
            throw e;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("gcc failed:\n" + log);
        return Files.readAllBytes(out);
    }

    // ---- repositories built with JGit

    record Entry(byte[] content, FileMode mode) {
        static Entry file(String text) { return new Entry(text.getBytes(StandardCharsets.UTF_8), FileMode.REGULAR_FILE); }
        static Entry exe(byte[] bytes) { return new Entry(bytes, FileMode.EXECUTABLE_FILE); }
    }

    /** One more commit on main of the bare repo at {@code dir} (created if needed), holding exactly {@code files}. */
    static ObjectId commit(Path dir, Map<String, Entry> files) throws Exception {
        if (!Files.exists(dir.resolve("HEAD"))) Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call().close();
        try (Git git = Git.open(dir.toFile()); ObjectInserter ins = git.getRepository().newObjectInserter()) {
            Repository repo = git.getRepository();
            Map<String, Object> root = new LinkedHashMap<>();
            for (Map.Entry<String, Entry> e : files.entrySet()) put(root, e.getKey().split("/"), 0, e.getValue());
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree(ins, root));
            PersonIdent who = new PersonIdent("binfarm test", "test@binfarm.dev");
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage("test catalog");
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

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] parts, int i, Entry e) {
        if (i == parts.length - 1) {
            node.put(parts[i], e);
            return;
        }
        put((Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>()), parts, i + 1, e);
    }

    @SuppressWarnings("unchecked")
    private static ObjectId tree(ObjectInserter ins, Map<String, Object> node) throws IOException {
        TreeFormatter f = new TreeFormatter();
        List<String> names = new ArrayList<>(node.keySet());
        names.sort(Comparator.comparing(n -> node.get(n) instanceof Map ? n + "/" : n));
        for (String name : names) {
            Object child = node.get(name);
            if (child instanceof Map<?, ?> m) f.append(name, FileMode.TREE, tree(ins, (Map<String, Object>) m));
            else f.append(name, ((Entry) child).mode(), ins.insert(Constants.OBJ_BLOB, ((Entry) child).content()));
        }
        return ins.insert(f);
    }
}
