package dev.binfarm.worker.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A container's standard input, fed over a raw attach: the bytes, then a half-close so the
 * program sees end of file (the container has StdinOnce). docker-java's hijacked attach never
 * half-closes, so a program reading to EOF (bc) would wait until the timeout.
 */
final class StdinFeed implements AutoCloseable {
    private final SocketChannel channel;

    private StdinFeed(SocketChannel channel) { this.channel = channel; }

    /** Attaches to {@code container}'s stdin through the daemon socket; call before starting it. */
    static StdinFeed attach(Path socket, String container) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String req = "POST /containers/" + container + "/attach?stream=1&stdin=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nContent-Type: text/plain\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
            write(ch, req.getBytes(StandardCharsets.US_ASCII));
            String head = readHead(ch);
            if (!head.startsWith("HTTP/1.1 101") && !head.startsWith("HTTP/1.1 200"))
                throw new IOException("attach refused: " + head.lines().findFirst().orElse(head));
            return new StdinFeed(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Writes everything, then signals end of file. */
    void feed(byte[] bytes) throws IOException {
        write(channel, bytes);
        channel.shutdownOutput();
    }

    @Override
    public void close() throws IOException { channel.close(); }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
    }

    private static String readHead(SocketChannel ch) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (head.size() < 8192) {
            one.clear();
            if (ch.read(one) < 0) break;
            head.write(one.get(0));
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
