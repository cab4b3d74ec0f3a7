package dev.binfarm.worker.qemu;

import dev.binfarm.worker.Availability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Shared set-up of the QEMU tests: skip when QEMU is absent, compile programs, look for leftovers. */
final class QemuFixture {
    private QemuFixture() { }

    /** The qemu-linux runtime with the default kernel cache (fetched on first use) and temp dirs under {@code runs}. */
    static QemuLinuxRuntime runtime(Path runs) throws Exception {
        QemuLinuxRuntime q = new QemuLinuxRuntime("qemu-linux", GuestKernel.defaultCache(), null, runs);
        Availability a = q.available();
        Assumptions.assumeTrue(a.ok(), "qemu-linux unavailable: " + a.why());
        GuestKernel.netModules(GuestKernel.defaultCache(), q.kernel()); // fetch before any timed run
        GuestKernel.busybox(GuestKernel.defaultCache());
        return q;
    }

    static byte[] staticPie(Path dir, String name, String source) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path out = dir.resolve(name);
        Process p;
        try {
            p = new ProcessBuilder(List.of("gcc", "-O1", "-static-pie", "-o", out.toString(), c.toString())).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed: " + e.getMessage());
            throw e;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("gcc failed:\n" + log);
        return Files.readAllBytes(out);
    }

    /** No QEMU child of this JVM alive, and nothing left in the runtime's temp root. */
    static void assertNoLeftovers(Path runs) throws IOException {
        List<String> qemus = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(h -> h.info().command().orElse("?")).filter(c -> c.contains("qemu")).toList();
        assertEquals(List.of(), qemus, "qemu processes left running");
        if (Files.isDirectory(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                assertEquals(List.of(), s.toList(), "temp dirs left behind");
            }
        }
    }
}
