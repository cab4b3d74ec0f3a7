package dev.binfarm.emulator.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.corpus.NativeReference;
import dev.binfarm.emulator.corpus.RunResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Acceptance 3, 4 and 5 of issue 5: Go (default and PIE), Rust (dynamic and
 * static-pie) and C++ (dynamic and static-pie) programs built at test time give
 * the same stdout, stderr and exit status in the emulator as on the host kernel
 * (chrooted into the same rootfs). {@code -Dlang.only=substring} runs a subset
 * (matched against "program variant").
 */
class LangDiffTest {
    @TestFactory
    Stream<DynamicNode> programs() {
        String only = System.getProperty("lang.only", "");
        List<DynamicNode> nodes = new ArrayList<>();
        for (Variant v : Variant.values()) {
            if (!v.toolchain.installed()) {
                nodes.add(DynamicTest.dynamicTest(v.label(), () -> Assumptions.abort(v.toolchain.missing())));
                continue;
            }
            for (Path src : LangPrograms.sources(v.toolchain)) {
                String name = src.getFileName() + " " + v.label();
                if (!name.contains(only)) continue;
                nodes.add(DynamicTest.dynamicTest(name, () -> check(src, v)));
            }
        }
        return nodes.stream();
    }

    /** The exit status a program declares with a "expect-status: N" comment; hello programs exit 3, the rest 0. */
    private static int expectedStatus(Path src) {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("expect-status: (\\d+)").matcher(java.nio.file.Files.readString(src));
            if (m.find()) return Integer.parseInt(m.group(1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return src.getFileName().toString().startsWith("hello.") ? 3 : 0;
    }

    private static String tail(String s) {
        return s.length() <= 3000 ? s : "..." + s.substring(s.length() - 3000);
    }

    private static void check(Path src, Variant v) {
        LangPrograms.Built b = LangPrograms.build(src, v);
        String kind = LangPrograms.describeElf(b.binary());
        switch (v) {
            case RUST_STATIC_PIE, CPP_STATIC_PIE -> assertTrue(kind.contains("static-pie linked"), v + ": " + kind);
            case GO_DEFAULT -> assertTrue(kind.contains("statically linked"), v + ": " + kind);
            default -> assertTrue(kind.contains("dynamically linked"), v + ": " + kind);
        }
        RunResult host = NativeReference.run(b.rootfs(), List.of("/prog"), LangPrograms.ENV, new byte[0], LangPrograms.NATIVE_TIMEOUT);
        // The reference must itself have worked: a rootfs that fails natively and in the emulator alike proves nothing.
        assertEquals(expectedStatus(src), host.status(), "native run of " + src.getFileName() + ": " + host.stderrText());
        assertTrue(!host.stdoutText().isEmpty(), "native run of " + src.getFileName() + " printed nothing");
        long t0 = System.nanoTime();
        GuestOutcome out = LangPrograms.guest(b, 1);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String what = src.getFileName() + "/" + v.label() + " (emulator: " + LangPrograms.describe(out.exit()) + ", " + ms + " ms)";
        System.out.println("lang: " + what);
        String guestErr = new String(out.stderr(), StandardCharsets.UTF_8);
        assertEquals(host.stdoutText(), new String(out.stdout(), StandardCharsets.UTF_8), what + " stdout; guest stderr:\n" + tail(guestErr));
        assertEquals(host.stderrText(), guestErr, what + " stderr");
        assertEquals(host.status(), out.exit().status(), what + " exit status");
    }
}
