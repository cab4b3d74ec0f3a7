package dev.binfarm.ci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

/** Catalog repositories for tests (as the cli tests build them): static-pie programs built with gcc now, committed with JGit (bare, no work tree). */
final class TestCatalog {
    private TestCatalog() { }

    static final String HELLO = "#include <stdio.h>\nint main(void){puts(\"hello\");return 0;}\n";

    /** A static-pie program; the test is skipped when gcc is missing. */
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
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("gcc failed: " + log);
        return Files.readAllBytes(out);
    }

    /** Apps named {@code names}, each {@code <name>/<name>} holding {@code program}. */
    static Map<String, byte[]> apps(byte[] program, List<String> names) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String n : names) files.put(n + "/" + n, program);
        return files;
    }

    static List<String> names(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) out.add(String.format("%s%02d", prefix, i));
        return out;
    }

    /** One more commit on main of the bare repo {@code dir} (created if needed) holding exactly {@code files}. */
    static String commit(Path dir, Map<String, byte[]> files, String message) throws Exception {
        if (!Files.exists(dir.resolve("HEAD")))
            Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.toFile()).call().close();
        try (Git git = Git.open(dir.toFile()); ObjectInserter ins = git.getRepository().newObjectInserter()) {
            Repository repo = git.getRepository();
            // Two levels only: <app>/<file>, which is all these catalogs need.
            Map<String, Map<String, byte[]>> byDir = new LinkedHashMap<>();
            for (var e : files.entrySet()) {
                String[] parts = e.getKey().split("/", 2);
                byDir.computeIfAbsent(parts[0], k -> new java.util.TreeMap<>()).put(parts[1], e.getValue());
            }
            TreeFormatter root = new TreeFormatter();
            for (var d : new java.util.TreeMap<>(byDir).entrySet()) {
                TreeFormatter sub = new TreeFormatter();
                for (var f : d.getValue().entrySet())
                    sub.append(f.getKey(), FileMode.EXECUTABLE_FILE, ins.insert(Constants.OBJ_BLOB, f.getValue()));
                root.append(d.getKey(), FileMode.TREE, ins.insert(sub));
            }
            ObjectId tree = ins.insert(root);
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
            return id.name();
        }
    }
}
