package dev.binfarm.catalog.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host as test oracle: runs its tools (ldd, ldconfig, chroot, gcc) and reads their answers. */
final class Host {
    private Host() {}

    record Ran(int exit, String stdout, String stderr) {}

    static Ran run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("LD_LIBRARY_PATH");
        pb.environment().remove("LD_PRELOAD");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        // Drain stderr on a thread so a chatty tool cannot block on a full pipe.
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete("");
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Ran(p.exitValue(), out, err.join());
    }

    static Ran run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    private static final Pattern LDD_LINE = Pattern.compile("^\\s*(\\S+) => (\\S+) \\(0x[0-9a-f]+\\)$");

    /** {@code ldd}'s answer for a program: DT_NEEDED name -> path, in ldd's order (vdso and loader left out). */
    static Map<String, String> ldd(Path program) throws IOException, InterruptedException {
        Ran r = run("ldd", program.toString());
        if (r.exit() != 0) throw new AssertionError("ldd " + program + " failed: " + r.stderr());
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            Matcher m = LDD_LINE.matcher(line);
            if (m.matches()) out.put(m.group(1), m.group(2));
            else if (line.contains("not found")) throw new AssertionError("ldd cannot resolve: " + line);
        }
        return out;
    }

    /** {@code ldconfig -p} entries: soname, the flags text in parentheses, path; in cache order. */
    record CacheLine(String soname, String flags, String path) {}

    static List<CacheLine> ldconfigP() throws IOException, InterruptedException {
        Ran r = run("ldconfig", "-p");
        if (r.exit() != 0) throw new AssertionError("ldconfig -p failed: " + r.stderr());
        Pattern line = Pattern.compile("^\\t(\\S+) \\((.*)\\) => (\\S+)$");
        List<CacheLine> out = new ArrayList<>();
        for (String l : r.stdout().split("\n")) {
            Matcher m = line.matcher(l);
            if (m.matches()) out.add(new CacheLine(m.group(1), m.group(2), m.group(3)));
        }
        return out;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
            if (java.nio.file.Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }
}
