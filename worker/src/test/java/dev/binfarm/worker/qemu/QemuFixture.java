package dev.binfarm.worker.qemu;

import dev.binfarm.worker.Availability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
