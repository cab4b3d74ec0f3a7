package dev.binfarm.emulator.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A minimal RESP2 client for the redis tests (pipelining by sending several commands before reading). */
final class Resp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Resp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(60_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    void send(String... args) throws IOException {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One reply: String for simple/bulk strings (null for nil), Long, List, or RespError. */
    Object read() throws IOException {
        out.flush();
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> new RespError(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) yield null;
                byte[] b = in.readNBytes(n);
                line();
                yield new String(b, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                List<Object> l = new ArrayList<>();
                for (int i = 0; i < n; i++) l.add(read());
                yield l;
            }
            case -1 -> throw new IOException("connection closed");
            default -> throw new IOException("bad reply type " + (char) type + line);
        };
    }

    Object call(String... args) throws IOException {
        send(args);
        return read();
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) throw new IOException("connection closed");
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }

    record RespError(String message) { }

    @Override public void close() throws IOException { socket.close(); }
}
