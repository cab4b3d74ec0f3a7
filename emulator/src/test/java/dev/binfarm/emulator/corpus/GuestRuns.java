package dev.binfarm.emulator.corpus;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs corpus programs in the emulator with the same argv, env and stdin the host run gets. */
final class GuestRuns {
    /** The fixed environment of every run, host and guest alike. */
    static final Map<String, String> ENV;

    static {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/bin:/usr/bin");
        env.put("HOME", "/");
        env.put("LANG", "C");
        env.put("TERM", "dumb");
        env.put("USER", "guest");
        env.put("CORPUS", "differential");
        ENV = java.util.Collections.unmodifiableMap(env);
    }

    static final Duration NATIVE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration GUEST_TIMEOUT = Duration.ofSeconds(120);

    private GuestRuns() { }

    static Guest.Builder guest(Path rootfs, List<String> argv, byte[] stdin) {
        return Guest.builder().rootfs(rootfs).argv(argv).env(ENV).stdin(stdin).timeout(GUEST_TIMEOUT);
    }

    static Guest.Builder guest(Path rootfs, CorpusProgram p, byte[] stdin) {
        return guest(rootfs, p.argv(), stdin).writableRootfs(p.writable());
    }

    /** The emulator's answer as a {@link RunResult}, plus how it ended in words for failure messages. */
    static RunResult result(GuestOutcome out) {
        return new RunResult(out.exit().status(), out.stdout(), out.stderr());
    }

    static String describe(GuestExit exit) {
        return switch (exit) {
            case GuestExit.Exited e -> "exited " + e.code();
            case GuestExit.Signaled s -> "signal " + s.signal() + " (" + s.reason() + ")";
            case GuestExit.TimedOut t -> "timed out after " + t.millis() + " ms";
            case GuestExit.LoadFailed l -> "load failed: " + l.message();
        };
    }
}
