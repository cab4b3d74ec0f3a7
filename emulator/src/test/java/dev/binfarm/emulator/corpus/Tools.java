package dev.binfarm.emulator.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Host tools the corpus needs (gcc, strace, chroot), found once and asked politely. */
final class Tools {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Tools() { }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** Absolute path of a tool, also looking in the sbin directories a test JVM's PATH may lack. */
    static String which(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return Path.of(dir, tool).toString();
        }
        return tool;
    }

    /** True when this JVM runs as uid 0, so native references can be confined with chroot. */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static String gccPrintFile(String name) { return gccOutput("-print-file-name=" + name); }

    static String gccOutput(String flag) { return CACHE.computeIfAbsent(flag, f -> outputOf(List.of("gcc", f))); }

    static String gccVersion() { return gccOutput("-dumpfullversion"); }

    private static String outputOf(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
