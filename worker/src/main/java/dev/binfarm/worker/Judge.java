package dev.binfarm.worker;

import dev.binfarm.catalog.spec.Expectation;
import dev.binfarm.catalog.spec.FileCheck;
import dev.binfarm.catalog.spec.OutputCheck;
import dev.binfarm.results.ResultStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Judges a finished run against its spec's expectation, the same way for every runtime.
 * How the run ended decides first (error, timeout, fatal signal never pass); then each
 * expectation in spec order, and the first that fails is the reason.
 */
final class Judge {
    private Judge() { }

    /**
     * @param rootfs the run's filesystem, where produced files are looked up
     * @param timeout the limit the run had, for the TIMEOUT reason
     */
    static Verdict judge(Expectation expect, RunOutcome run, Path rootfs, Duration timeout) {
        if (run.error() != null) return Verdict.error(run.error());
        if (run.timedOut()) return new Verdict(ResultStatus.TIMEOUT, "still running after " + seconds(timeout));
        if (run.signal() != null) {
            String name = EmulatorRuntime.signalName(run.signal());
            return new Verdict(ResultStatus.CRASH, run.crash() == null || run.crash().isBlank() ? "killed by " + name
                    : "killed by " + name + ": " + run.crash());
        }
        if (run.exitCode() == null) return Verdict.error("the runtime reported no way the run ended");
        if (expect.exit() != null && !expect.exit().equals(run.exitCode()))
            return Verdict.fail("exit status " + run.exitCode() + ", expected " + expect.exit() + tail(run.stderr()));
        String why = output("stdout", expect.stdout(), run.stdout());
        if (why != null) return Verdict.fail(why);
        why = output("stderr", expect.stderr(), run.stderr());
        if (why != null) return Verdict.fail(why);
        for (FileCheck f : expect.files()) {
            why = file(f, rootfs);
            if (why != null) return Verdict.fail(why);
        }
        return Verdict.PASS;
    }

    private static String output(String stream, OutputCheck check, byte[] bytes) {
        if (check == null) return null;
        String why = check.mismatch(new String(bytes, StandardCharsets.UTF_8));
        return why == null ? null : stream + " " + why;
    }

    private static String file(FileCheck check, Path rootfs) {
        Path host = inside(rootfs, check.path());
        if (host == null) return "file " + check.path() + " is outside the app's filesystem";
        boolean exists = Files.exists(host, LinkOption.NOFOLLOW_LINKS);
        if (!check.exists()) return exists ? "file " + check.path() + " exists, expected it removed" : null;
        if (!exists) return "file " + check.path() + " was not produced";
        try {
            Path real = host.toRealPath();
            if (!real.startsWith(rootfs.toRealPath())) return "file " + check.path() + " links outside the app's filesystem";
            if (!Files.isRegularFile(real)) return "file " + check.path() + " is not a regular file";
            String why = check.mismatch(Files.readAllBytes(real));
            return why == null ? null : "file " + check.path() + " " + why;
        } catch (IOException e) {
            return "file " + check.path() + " cannot be read: " + e.getMessage();
        }
    }

    /** The host path of a guest path, or null when it would leave the rootfs. */
    static Path inside(Path rootfs, String guestPath) {
        String rel = guestPath.replaceFirst("^/+", "");
        Path host = rootfs.resolve(rel).normalize();
        return host.startsWith(rootfs.normalize()) ? host : null;
    }

    /** The last line of stderr, which usually says why a program gave up. */
    private static String tail(byte[] stderr) {
        String text = new String(stderr, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) return "";
        String last = text.substring(text.lastIndexOf('\n') + 1);
        return " (stderr: " + (last.length() > 120 ? last.substring(0, 120) + "..." : last) + ")";
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
