package dev.binfarm.emulator.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles test programs at test time (no binaries in the repository). */
public final class Cc {
    private Cc() { }

    /** gcc -static-pie: a glibc static-PIE. */
    public static Path staticPie(Path dir, String name, String source) throws IOException {
        return gcc(dir, name, source, List.of("-static-pie", "-O1"));
    }

    /** gcc -static -no-pie: a fixed-address ET_EXEC. */
    public static Path staticExec(Path dir, String name, String source) throws IOException {
        return gcc(dir, name, source, List.of("-static", "-no-pie", "-O1"));
    }

    /** A freestanding static-PIE (no libc): {@code source} defines _start and issues raw syscalls. */
    public static Path bare(Path dir, String name, String source) throws IOException {
        return gcc(dir, name, source, List.of("-static-pie", "-nostdlib", "-nostartfiles", "-O1", "-fno-stack-protector",
                "-fcf-protection=none"));
    }

    /** A musl static-PIE linked by hand, as FACTS.md describes. */
    public static Path muslStaticPie(Path dir, String name, String source) throws IOException {
        String m = "/usr/lib/x86_64-linux-musl";
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path o = dir.resolve(name + ".o");
        run(dir, List.of("gcc", "-nostdinc", "-isystem", "/usr/include/x86_64-linux-musl", "-isystem",
                out("gcc", "-print-file-name=include"), "-fPIE", "-O1", "-c", c.toString(), "-o", o.toString()));
        Path exe = dir.resolve(name);
        run(dir, List.of("gcc", "-static-pie", "-nostdlib", "-nostartfiles", m + "/rcrt1.o", m + "/crti.o",
                out("gcc", "-print-file-name=crtbeginS.o"), o.toString(), "-L" + m, "-lc",
                out("gcc", "-print-libgcc-file-name"), out("gcc", "-print-file-name=crtendS.o"), m + "/crtn.o",
                "-o", exe.toString()));
        return exe;
    }

    public static boolean muslAvailable() {
        return Files.exists(Path.of("/usr/lib/x86_64-linux-musl/rcrt1.o"));
    }

    private static Path gcc(Path dir, String name, String source, List<String> flags) throws IOException {
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path exe = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-o", exe.toString(), c.toString()));
        run(dir, cmd);
        return exe;
    }

    /** Runs a native command; returns its exit status, stdout and stderr. */
    public record Result(int status, String stdout, String stderr) { }

    public static Result exec(Path dir, List<String> cmd, byte[] stdin) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void run(Path dir, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) throw new IOException("compile failed: " + String.join(" ", cmd) + "\n" + output);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    private static String out(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
