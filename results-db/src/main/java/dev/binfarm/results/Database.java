package dev.binfarm.results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.tools.Server;

/**
 * The results store: an H2 database (a file in the farm home, or a remote one through
 * an H2 TCP server), migrated by Flyway on open. One instance per process; it hands
 * out pooled connections and the DAOs.
 */
public final class Database implements AutoCloseable {
    /** Default credentials; the store holds test results, not secrets, and listens on loopback only. */
    public static final String USER = "binfarm", PASSWORD = "binfarm";

    private final String url;
    private final JdbcConnectionPool pool;
    private final Path file;

    private Database(String url, String user, String password, Path file) {
        this.url = url;
        this.pool = pool(url, user, password);
        this.pool.setMaxConnections(32);
        this.file = file;
    }

    /**
     * A connection pool for an H2 URL or a PostgreSQL one ({@code jdbc:postgresql:}); H2's
     * pool serves both (for PostgreSQL over the driver's ConnectionPoolDataSource).
     */
    public static JdbcConnectionPool pool(String url, String user, String password) {
        if (!isPostgres(url)) return JdbcConnectionPool.create(url, user, password);
        org.postgresql.ds.PGConnectionPoolDataSource pg = new org.postgresql.ds.PGConnectionPoolDataSource();
        pg.setURL(url);
        pg.setUser(user);
        pg.setPassword(password);
        return JdbcConnectionPool.create(pg);
    }

    public static boolean isPostgres(String url) {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Opens (creating if needed) the farm's database at {@code <home>/db/binfarm} and migrates it. */
    public static Database openHome(Path home) {
        Path base = home.toAbsolutePath().resolve("db").resolve("binfarm");
        try {
            Files.createDirectories(base.getParent());
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create the database directory " + base.getParent() + ": " + e.getMessage(), e);
        }
        return open(fileUrl(base), USER, PASSWORD, base);
    }

    /** The JDBC URL of an embedded file database at {@code base} (H2 appends .mv.db). */
    public static String fileUrl(Path base) {
        return "jdbc:h2:file:" + base.toAbsolutePath() + ";AUTO_SERVER=FALSE";
    }

    /** The JDBC URL a remote client uses for the file database at {@code base} served on {@code port}. */
    public static String tcpUrl(String host, int port, Path base) {
        return "jdbc:h2:tcp://" + host + ":" + port + "/" + base.toAbsolutePath();
    }

    /** Opens any H2 URL (file or tcp) and migrates the schema to the newest version. */
    public static Database open(String url, String user, String password) {
        return open(url, user, password, null);
    }

    private static Database open(String url, String user, String password, Path file) {
        Database db = new Database(url, user, password, file);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** Applies pending migrations from db/migration; returns how many ran. */
    public int migrate() {
        if (isPostgres(url)) clobDomain();
        try {
            return Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    // The clob domain makes a fresh PostgreSQL schema non-empty: start history at 0.
                    .baselineOnMigrate(isPostgres(url))
                    .baselineVersion("0")
                    .load()
                    .migrate()
                    .migrationsExecuted;
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new StoreException("cannot migrate the database at " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * The schema says CLOB (H2's large text); PostgreSQL has TEXT, so a domain of that name
     * lets the same migrations run there.
     */
    private void clobDomain() {
        try (Connection c = pool.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN CREATE DOMAIN clob AS text; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        } catch (SQLException e) {
            throw new StoreException("cannot prepare the PostgreSQL database at " + url + ": " + e.getMessage(), e);
        }
    }

    public String url() { return url; }

    public DataSource dataSource() { return pool; }

    public Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new StoreException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    public CatalogDao catalogs() { return new CatalogDao(pool); }

    public RunDao runs() { return new RunDao(pool); }

    public ResultDao results() { return new ResultDao(pool); }

    /**
     * Serves this file database to other processes through an H2 TCP server that accepts
     * loopback connections only ({@code port} 0 picks a free port). Clients connect with
     * {@link DatabaseServer#url()}.
     */
    public DatabaseServer serve(int port) {
        return serve(port, false);
    }

    /**
     * Like {@link #serve(int)}; with {@code allowOthers} other machines may connect too (H2's
     * -tcpAllowOthers), for workers that share the farm's database across hosts.
     */
    public DatabaseServer serve(int port, boolean allowOthers) {
        if (file == null) throw new IllegalStateException("only a file database opened by this process can be served");
        try {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-tcpPort", Integer.toString(port), "-ifExists"));
            if (allowOthers) args.add("-tcpAllowOthers");
            Server server = Server.createTcpServer(args.toArray(String[]::new)).start();
            return new DatabaseServer(server, tcpUrl("localhost", server.getPort(), file));
        } catch (SQLException e) {
            throw new StoreException("cannot start the H2 TCP server on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
