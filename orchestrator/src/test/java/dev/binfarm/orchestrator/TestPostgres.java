package dev.binfarm.orchestrator;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL cluster (Debian package postgresql): initdb + pg_ctl in a temp
 * dir on a free port, as the postgres user when we are root (PostgreSQL refuses root),
 * with a binfarm/binfarm user and database. Tests skip, saying why, when it is missing.
 */
final class TestPostgres implements AutoCloseable {
    final int port;
    private final Path dir;
    private final Path bin;
    private final boolean root;

    private TestPostgres(Path dir, Path bin, int port, boolean root) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.root = root;
    }

    String url() {
        return "jdbc:postgresql://localhost:" + port + "/binfarm";
    }

    static TestPostgres start() throws Exception {
        Path bin = findBin();
        Assumptions.assumeTrue(bin != null, "PostgreSQL is not installed (no initdb/pg_ctl; Debian package postgresql)");
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "binfarm-pg");
        if (root) {
            Assumptions.assumeTrue(run(List.of("id", "postgres"), false, null) == 0, "no postgres user to run PostgreSQL as");
            UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, pg);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestPostgres p = new TestPostgres(dir, bin, port, root);
        p.exec(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                "-U", "postgres", "--no-sync", "-E", "UTF8"));
        p.exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=localhost -c fsync=off -c max_connections=300", "start"));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE USER binfarm PASSWORD 'binfarm'");
            st.execute("CREATE DATABASE binfarm OWNER binfarm");
        }
        return p;
    }

    private static Path findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                for (Path v : versions.sorted(Comparator.reverseOrder()).toList())
                    if (Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/pg_ctl"))) return v.resolve("bin");
            }
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d);
            if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl"))) return p;
        }
        return null;
    }

    private void exec(List<String> cmd) throws Exception {
        int rc = run(cmd, root, dir);
        if (rc != 0) throw new IOException("PostgreSQL command failed (" + rc + "): " + cmd + "\n" + log());
    }

    private String log() {
        try {
            return Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int run(List<String> cmd, boolean asPostgres, Path cwd) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        if (cwd != null) pb.directory(cwd.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + full);
        }
        if (p.exitValue() != 0) System.err.println(out);
        return p.exitValue();
    }

    @Override
    public void close() throws Exception {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"),
                    root, dir);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
