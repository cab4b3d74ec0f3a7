package dev.binfarm.worker.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a server in a container reachable at 127.0.0.1:port, but only once it listens.
 *
 * <p>Docker's own publishing (docker-proxy) accepts on the host port from the moment the container
 * starts, so the worker's "is it listening yet" check passed before redis was up and the probe then
 * got a reset. This relay binds 127.0.0.1:port only after a connection to the container's address
 * succeeds, then copies bytes both ways per connection.
 */
public final class PortRelay implements AutoCloseable {
    private static final long POLL_MS = 50;

    private final String target;
    private final int targetPort;
    private final int port;
    private final boolean waitForTarget;
    private final List<java.io.Closeable> open = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    private PortRelay(String target, int targetPort, int port, boolean waitForTarget) {
        this.target = target;
        this.targetPort = targetPort;
        this.port = port;
        this.waitForTarget = waitForTarget;
        this.thread = Thread.ofVirtual().name("relay-" + port).unstarted(this::serve);
    }

    /** Starts relaying 127.0.0.1:port to target:port as soon as target listens. */
    static PortRelay start(String target, int port) {
        PortRelay r = new PortRelay(target, port, port, true);
        r.thread.start();
        return r;
    }

    /**
     * Starts relaying 127.0.0.1:port to target:targetPort at once, for a caller that knows the server
     * listens (QEMU's user-mode forward accepts from the start, so only the guest can tell).
     */
    public static PortRelay now(int port, String target, int targetPort) {
        PortRelay r = new PortRelay(target, targetPort, port, false);
        r.thread.start();
        return r;
    }

    private void serve() {
        try {
            while (waitForTarget && !closed && !reachable()) Thread.sleep(POLL_MS);
            if (closed) return;
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            if (!track(server)) return;
            while (!closed) {
                Socket in = server.accept();
                if (!track(in)) return;
                Socket out = new Socket();
                try {
                    out.connect(new InetSocketAddress(target, targetPort), 2000);
                } catch (IOException e) {
                    in.close();
                    out.close();
                    continue;
                }
                if (!track(out)) return;
                Thread.ofVirtual().start(() -> pump(in, out));
                Thread.ofVirtual().start(() -> pump(out, in));
            }
        } catch (IOException | InterruptedException e) {
            // closed, or the port is taken: the worker's check then reports the server as not listening
        }
    }

    private boolean reachable() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target, targetPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized boolean track(java.io.Closeable c) throws IOException {
        if (closed) {
            c.close();
            return false;
        }
        open.add(c);
        return true;
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out); // closing the streams would close both sockets: only half-close below
        } catch (IOException ignored) {
            // one side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Stops listening and closes every relayed connection. */
    @Override
    public void close() {
        List<java.io.Closeable> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(open);
            open.clear();
        }
        for (java.io.Closeable c : all) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
