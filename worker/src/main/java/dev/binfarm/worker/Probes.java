package dev.binfarm.worker;

import dev.binfarm.catalog.spec.HttpProbe;
import dev.binfarm.catalog.spec.Probe;
import dev.binfarm.catalog.spec.RedisProbe;
import dev.binfarm.catalog.spec.TcpProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Checks made from outside against a running server: plain TCP, HTTP/1.0, Redis-style lines. */
final class Probes {
    static final int TIMEOUT_MS = 3000;

    private Probes() { }

    /** Null when the probe passes, else the reason. */
    static String check(Probe probe, String host) {
        return check(probe, host, probe.port());
    }

    /** The probe against {@code port} on the host (where the runtime publishes the probe's port); null when it passes. */
    static String check(Probe probe, String host, int port) {
        try {
            return switch (probe) {
                case TcpProbe t -> tcp(host, port, t);
                case HttpProbe h -> http(host, port, h);
                case RedisProbe r -> redis(host, port, r);
            };
        } catch (IOException e) {
            return describe(probe) + ": " + e.getMessage();
        }
    }

    static String describe(Probe probe) {
        return switch (probe) {
            case TcpProbe t -> "tcp port " + t.port();
            case HttpProbe h -> "http " + h.method() + " " + h.path() + " on port " + h.port();
            case RedisProbe r -> "redis " + r.send() + " on port " + r.port();
        };
    }

    /** True when something accepts connections on the port now. */
    static boolean listening(String host, int port) {
        try (Socket s = connect(host, port, 500)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tcp(String host, int port, TcpProbe t) throws IOException {
        try (Socket s = connect(host, port, TIMEOUT_MS)) {
            return null;
        }
    }

    private static String http(String host, int port, HttpProbe h) throws IOException {
        try (Socket s = connect(host, port, TIMEOUT_MS)) {
            String method = h.method() == null ? "GET" : h.method();
            String path = h.path() == null ? "/" : h.path();
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.0\r\nHost: " + host + ":" + h.port() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(s.getInputStream().readNBytes(1 << 20), StandardCharsets.UTF_8);
            int eol = response.indexOf("\r\n");
            String statusLine = eol < 0 ? response : response.substring(0, eol);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/"))
                return describe(h) + ": not an HTTP response: '" + shorten(statusLine) + "'";
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return describe(h) + ": bad status line '" + shorten(statusLine) + "'";
            }
            if (status != h.status()) return describe(h) + ": status " + status + ", expected " + h.status();
            int bodyAt = response.indexOf("\r\n\r\n");
            String body = bodyAt < 0 ? "" : response.substring(bodyAt + 4);
            if (h.bodyContains() != null && !body.contains(h.bodyContains()))
                return describe(h) + ": body does not contain '" + shorten(h.bodyContains()) + "'";
            return null;
        }
    }

    private static String redis(String host, int port, RedisProbe r) throws IOException {
        try (Socket s = connect(host, port, TIMEOUT_MS)) {
            OutputStream out = s.getOutputStream();
            for (String line : r.send()) out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            for (String expected : r.expect()) {
                String got = in.readLine();
                if (got == null) return describe(r) + ": connection closed, expected '" + shorten(expected) + "'";
                if (!got.equals(expected)) return describe(r) + ": got '" + shorten(got) + "', expected '" + shorten(expected) + "'";
            }
            return null;
        }
    }

    private static Socket connect(String host, int port, int timeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
