package dev.binfarm.emulator.net;

import static dev.binfarm.emulator.net.NetPrograms.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Project-written network programs (src/test/resources/net) in the emulator, against Java, native and each other. */
class NetProgramsTest {
    @TempDir Path tmp;

    private static GuestOutcome ok(GuestOutcome o) {
        assertEquals(new GuestExit.Exited(0), o.exit(), () -> "stdout:\n" + text(o.stdout()) + "\nstderr:\n" + text(o.stderr()));
        return o;
    }

    private static String echo(int port, String msg) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(msg.getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void echoServerInEmulatorAnsweredByJava() throws Exception {
        var server = NetPrograms.start(NetPrograms.guest(NetPrograms.rootfs(tmp), "tcp_echo_server", "7000", "3"));
        int port = server.port(7000);
        assertTrue(port > 0 && port != 7000 || port == 7000);
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) big.append("line ").append(i).append('\n');
        assertEquals("hello\n", echo(port, "hello\n"));
        assertEquals(big.toString(), echo(port, big.toString()));
        assertEquals("third", echo(port, "third"));
        GuestOutcome o = ok(server.await());
        assertEquals("listening on port 1\nserved 3 connections, " + (6 + big.length() + 5) + " bytes\n", text(o.stdout()));
    }

    @Test
    void publishedPortIsTheHostPort() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { free = probe.getLocalPort(); }
        List<int[]> told = Collections.synchronizedList(new ArrayList<>());
        var server = NetPrograms.start(NetPrograms.guest(NetPrograms.rootfs(tmp), "tcp_echo_server", "6379", "1")
                .publish(6379, free).onListen((g, h) -> told.add(new int[] {g, h})));
        assertEquals(free, server.port(6379));
        assertEquals("published", echo(free, "published"));
        ok(server.await());
        assertEquals(1, told.size());
        assertEquals(6379, told.get(0)[0]);
        assertEquals(free, told.get(0)[1]);
    }

    @Test
    void echoServerAndClientBothInTheEmulator() throws Exception {
        Path root = NetPrograms.rootfs(tmp);
        var server = NetPrograms.start(NetPrograms.guest(root, "tcp_echo_server", "7001", "1"));
        int port = server.port(7001);
        GuestOutcome c = ok(NetPrograms.guest(root, "tcp_echo_client", String.valueOf(port), "300").build().run());
        assertTrue(text(c.stdout()).contains("echoed 300 messages"), text(c.stdout()));
        assertTrue(text(c.stdout()).contains("eof 0"), text(c.stdout()));
        assertTrue(text(ok(server.await()).stdout()).contains("served 1 connections"));
    }

    @Test
    void nativeClientAgainstEmulatedServer() throws Exception {
        var server = NetPrograms.start(NetPrograms.guest(NetPrograms.rootfs(tmp), "tcp_echo_server", "7002", "1"));
        int port = server.port(7002);
        var n = NetPrograms.runNative("tcp_echo_client", String.valueOf(port), "300");
        assertEquals(0, n.status(), n.stdout() + n.stderr());
        assertTrue(n.stdout().contains("echoed 300 messages"), n.stdout());
        ok(server.await());
    }

    @Test
    void emulatedClientAgainstNativeServer() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { free = probe.getLocalPort(); }
        Process p = NetPrograms.startNative("tcp_echo_server", String.valueOf(free), "1");
        try {
            InputStream out = p.getInputStream();
            StringBuilder first = new StringBuilder();
            int ch;
            while ((ch = out.read()) != -1 && ch != '\n') first.append((char) ch);
            assertEquals("listening on port 1", first.toString());
            GuestOutcome c = ok(NetPrograms.guest(NetPrograms.rootfs(tmp), "tcp_echo_client", String.valueOf(free), "300").build().run());
            assertTrue(text(c.stdout()).contains("echoed 300 messages"), text(c.stdout()));
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertTrue(new String(out.readAllBytes(), StandardCharsets.UTF_8).contains("served 1 connections"));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void epollEdgeTriggeredServerWith200ConcurrentConnections() throws Exception {
        int conns = 200;
        var server = NetPrograms.start(NetPrograms.guest(NetPrograms.rootfs(tmp), "epoll_et_server", "8080", String.valueOf(conns)));
        int port = server.port(8080);
        List<SocketChannel> open = new ArrayList<>();
        try {
            for (int i = 0; i < conns; i++) open.add(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            // Every connection is open at once; each sends, then all read their echo.
            for (int i = 0; i < conns; i++) open.get(i).write(ByteBuffer.wrap(("request " + i + "\n").getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < conns; i++) {
                String want = "request " + i + "\n";
                ByteBuffer b = ByteBuffer.allocate(want.length());
                while (b.hasRemaining()) if (open.get(i).read(b) < 0) break;
                assertEquals(want, new String(b.array(), StandardCharsets.UTF_8));
            }
        } finally {
            for (SocketChannel c : open) c.close();
        }
        GuestOutcome o = ok(server.await());
        assertTrue(text(o.stdout()).startsWith("accepted 200, closed 200, at most 200 open"), text(o.stdout()));
    }

    /** Deterministic programs: the emulator prints what the machine prints. */
    @Test
    void readinessUnixAndUdpProgramsMatchNative() throws Exception {
        Path root = NetPrograms.rootfs(tmp);
        for (String name : List.of("readiness", "unix_rights", "udp_exchange")) {
            var n = NetPrograms.runNative(name);
            assertEquals(0, n.status(), name + ": " + n.stderr());
            GuestOutcome o = ok(NetPrograms.guest(root, name).build().run());
            assertEquals(n.stdout(), text(o.stdout()), name);
        }
    }

    @Test
    void connectionsLeaveOnlyThroughLoopback() throws Exception {
        InetAddress outside = nonLoopbackAddress();
        try (ServerSocket trap = new ServerSocket(0, 50, outside)) {
            trap.setSoTimeout(300);
            String addr = outside.getHostAddress();
            long t0 = System.nanoTime();
            GuestOutcome o = ok(NetPrograms.guest(NetPrograms.rootfs(tmp), "confinement",
                    addr, String.valueOf(trap.getLocalPort()), "192.0.2.1", "9", "8.8.8.8", "53", "2001:db8::1", "80").build().run());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String out = text(o.stdout());
            String unreach = "Network is unreachable";
            assertTrue(out.contains("tcp " + addr + " " + trap.getLocalPort() + ": -1 " + unreach), out);
            assertTrue(out.contains("udp " + addr + " " + trap.getLocalPort() + ": -1 " + unreach), out);
            assertTrue(out.contains("tcp 192.0.2.1 9: -1 " + unreach), out);
            assertTrue(out.contains("tcp 8.8.8.8 53: -1 " + unreach), out);
            assertTrue(out.contains("udp 8.8.8.8 53: -1 " + unreach), out);
            assertTrue(out.contains("tcp 2001:db8::1 80: -1 " + unreach), out);
            assertTrue(ms < 20_000, "answered at once, not after a connect timeout: " + ms + " ms");
            try (Socket s = trap.accept()) {
                throw new AssertionError("the host listener on " + addr + " was contacted from " + s.getRemoteSocketAddress());
            } catch (SocketTimeoutException expected) {
                // nobody knocked
            }
        }
    }

    static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address) return a;
            }
        }
        throw new IllegalStateException("no non-loopback IPv4 address on this machine");
    }

    @Test
    void stopEndsAServerAndReleasesItsPort() throws Exception {
        var server = NetPrograms.start(NetPrograms.guest(NetPrograms.rootfs(tmp), "tcp_echo_server", "7003", "1000"));
        int port = server.port(7003);
        assertEquals("x", echo(port, "x"));
        server.control().stop();
        GuestOutcome o = server.await();
        assertEquals(15, ((GuestExit.Signaled) o.exit()).signal());
        assertFalse(canConnect(port), "the host listener is closed after the run");
    }

    static boolean canConnect(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
