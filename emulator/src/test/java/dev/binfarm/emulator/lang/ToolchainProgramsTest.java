package dev.binfarm.emulator.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.corpus.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real programs nobody wrote for this project: Debian's gofmt (static, pure Go)
 * formats a source from stdin, and the go command itself (linked with cgo, so its
 * runtime starts threads through glibc's pthread_create) answers version and env
 * queries, and cargo and rustc (large Rust programs; rustc maps libLLVM) print
 * their versions; each over the host's / read-only, compared with the host run.
 */
class ToolchainProgramsTest {
    static final Path GOFMT = Path.of("/usr/bin/gofmt"), GO = Path.of("/usr/bin/go");

    @Test
    void gofmtFormatsASourceFromStdin() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(GOFMT), Toolchain.GO::missing);
        String messy = "package main\nimport \"fmt\"\nfunc main(){\nx:=map[string]int{\"a\":1,\"bb\":22}\n"
                + "for k,v:=range x{fmt.Println(k,v)}\n}\n";
        compare(List.of(GOFMT.toString()), messy.getBytes(StandardCharsets.UTF_8), 0);
        compare(List.of(GOFMT.toString(), "/usr/lib/go-1.19/src/errors"), new byte[0], 0); // walks a directory of the rootfs
        compare(List.of(GOFMT.toString()), "package main\nfunc {\n".getBytes(StandardCharsets.UTF_8), 2);
    }

    @Test
    void goCommandAnswersVersionAndEnv() {
        Assumptions.assumeTrue(Files.isExecutable(GO), Toolchain.GO::missing);
        compare(List.of(GO.toString(), "version"), new byte[0], 0);
        compare(List.of(GO.toString(), "env", "GOROOT", "GOOS", "GOARCH", "CGO_ENABLED"), new byte[0], 0);
    }

    @Test
    void cargoAndRustcAnswerVersionQueries() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/cargo")), Toolchain.RUST::missing);
        compare(List.of("/usr/bin/cargo", "--version"), new byte[0], 0);
        compare(List.of("/usr/bin/rustc", "--version", "--verbose"), new byte[0], 0);
    }

    @Test
    void rustcChecksAProgramWithAWarningAndAnError() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/rustc")), Toolchain.RUST::missing);
        String src = "fn main() { let unused = 1; let s: i32 = \"x\"; }\n";
        // --sysroot: over the host's / the guest's /proc/self/exe resolves through the host's live
        // procfs (the JVM), so rustc could not find its sysroot from its own path (see the report).
        compare(List.of("/usr/bin/rustc", "--sysroot", "/usr", "--edition", "2021", "--error-format=short", "--emit=metadata",
                        "-o", "/dev/null", "-"),
                src.getBytes(StandardCharsets.UTF_8), 1);
    }

    private static void compare(List<String> argv, byte[] stdin, int status) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(LangPrograms.ENV);
        RunResult host = LangPrograms.exec(pb, Duration.ofSeconds(60), stdin);
        assertEquals(status, host.status(), argv + " natively: " + host.stderrText());
        assertTrue(host.stdout().length + host.stderr().length > 0, argv + " natively printed nothing");
        GuestOutcome out = LangPrograms.traced(Guest.builder().rootfs(Path.of("/")).argv(new ArrayList<>(argv)).env(LangPrograms.ENV)
                .stdin(stdin).timeout(LangPrograms.GUEST_TIMEOUT), String.join("-", argv).replaceAll("[^A-Za-z0-9.-]", "_"));
        String what = argv + " (emulator: " + LangPrograms.describe(out.exit()) + ")";
        assertEquals(host.stdoutText(), new String(out.stdout(), StandardCharsets.UTF_8), what + " stdout; stderr:\n"
                + new String(out.stderr(), StandardCharsets.UTF_8));
        assertEquals(host.stderrText(), new String(out.stderr(), StandardCharsets.UTF_8), what + " stderr");
        assertEquals(host.status(), out.exit().status(), what + " exit status");
    }
}
