package dev.binfarm.emulator.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.binfarm.emulator.GuestExit;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 5: 50 consecutive server runs leave the JVM's open descriptors and threads where they were. */
class LeakTest {
    @TempDir Path tmp;

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    static int threads() { return ManagementFactory.getThreadMXBean().getThreadCount(); }

    /** One server run: half end by themselves, half are stopped while a client is still connected. */
    void serve(Path root, int i) throws Exception {
        boolean stop = i % 2 == 1;
        var server = NetPrograms.start(NetPrograms.guest(root, "tcp_echo_server", "7100", stop ? "1000" : "1"));
        int port = server.port(7100);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(("run " + i).getBytes(StandardCharsets.UTF_8));
            byte[] back = s.getInputStream().readNBytes(("run " + i).length());
            assertEquals("run " + i, new String(back, StandardCharsets.UTF_8));
            if (stop) server.control().stop();
        }
        var o = server.await();
        if (stop) assertEquals(15, ((GuestExit.Signaled) o.exit()).signal());
        else assertEquals(new GuestExit.Exited(0), o.exit());
    }

    @Test
    void fiftyServerRunsLeaveNoDescriptorOrThread() throws Exception {
        Path root = NetPrograms.rootfs(tmp);
        serve(root, 0); // JVM-wide lazy resources (selector provider, class loading) before the baseline
        serve(root, 1);
        Thread.sleep(200);
        long fds = openFds();
        int threads = threads();
        for (int i = 0; i < 50; i++) serve(root, i);
        long fdsAfter = 0;
        int threadsAfter = 0;
        for (int wait = 0; wait < 50; wait++) { // the finished runs' host threads take a moment to be gone
            fdsAfter = openFds();
            threadsAfter = threads();
            if (fdsAfter <= fds && threadsAfter <= threads) break;
            Thread.sleep(100);
        }
        System.out.printf("after 50 server runs: %d -> %d descriptors, %d -> %d threads%n", fds, fdsAfter, threads, threadsAfter);
        assertEquals(fds, fdsAfter, "open descriptors");
        assertEquals(threads, threadsAfter, "threads");
    }
}
