package dev.binfarm.results;

import org.h2.tools.Server;

/** A running H2 TCP server for the farm database; closing it stops listening. */
public final class DatabaseServer implements AutoCloseable {
    private final Server server;
    private final String url;

    DatabaseServer(Server server, String url) {
        this.server = server;
        this.url = url;
    }

    public int port() { return server.getPort(); }

    /** The JDBC URL remote clients use (user and password are {@link Database#USER}/{@link Database#PASSWORD}). */
    public String url() { return url; }

    @Override
    public void close() {
        server.stop();
    }
}
