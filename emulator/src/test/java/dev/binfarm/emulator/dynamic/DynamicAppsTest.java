package dev.binfarm.emulator.dynamic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.corpus.BenignSyscallDifferences;
import dev.binfarm.emulator.corpus.Diff;
import dev.binfarm.emulator.corpus.NativeReference;
import dev.binfarm.emulator.corpus.RunResult;
import dev.binfarm.emulator.corpus.SyscallSequenceTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 2 and 5: every non-network app of dynamic-apps.git with a real
 * workload, against the native run in a chroot of a copy of the same app
 * folder: identical stdout, stderr, exit status (and for gzip the produced
 * file), and the same syscall names as {@code strace -f} after the corpus's
 * documented normalisation. The emulator runs on the catalog checkout itself
 * (with a copy-on-write layer); its hash must not change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamicAppsTest {
    record Case(String app, List<String> argv, String stdin) {
        @Override public String toString() { return app + " " + String.join(" ", argv.subList(1, argv.size())); }
    }

    static final java.util.Map<String, String> ENV = DebianProgramsTest.ENV;

    static final String SQL = """
            SELECT g.Name, COUNT(*), printf('%.6f', avg(t.Milliseconds / 1000.0)), printf('%.6f', avg(t.UnitPrice))
              FROM Track t JOIN Genre g ON t.GenreId = g.GenreId GROUP BY g.Name ORDER BY 2 DESC, 1 LIMIT 8;
            SELECT ar.Name, COUNT(DISTINCT al.AlbumId), printf('%.6f', sum(t.UnitPrice))
              FROM Artist ar JOIN Album al ON al.ArtistId = ar.ArtistId JOIN Track t ON t.AlbumId = al.AlbumId
             GROUP BY ar.ArtistId ORDER BY 3 DESC, 1 LIMIT 5;
            SELECT printf('%.6f', avg(Total)), printf('%.6f', max(Total)), COUNT(*) FROM Invoice;
            """;

    static List<Case> cases() {
        return List.of(
                new Case("bc", List.of("/usr/bin/bc", "-l"), "scale=100\n4*a(1)\n"),
                new Case("gzip", List.of("/bin/gzip", "-c", "-9", "/input.txt"), null),
                new Case("sed", List.of("/usr/bin/sed", "-e", "s/[aeiou]/_/g", "-e", "s/^\\(.\\{12\\}\\).*/[\\1]/", "/input.txt"), null),
                new Case("grep", List.of("/bin/grep", "-E", "-n", "-i", "hel+o|uni[a-z]+|[.]{2,}", "/demotext.txt"), null),
                new Case("echo", List.of("/bin/echo", "-e", "hello\\tbinfarm", "42"), null),
                new Case("ls", List.of("/bin/ls", "-la", "/lib/x86_64-linux-gnu"), null),
                new Case("sqlite3", List.of("/usr/bin/sqlite3", "/chinook.db", SQL), null),
                new Case("sqlite3", List.of("/lib64/ld-linux-x86-64.so.2", "--library-path", "/lib/x86_64-linux-gnu",
                        "/usr/bin/sqlite3", "/chinook.db", "SELECT COUNT(*), printf('%.6f', avg(UnitPrice)) FROM Track;"), null));
    }

    /** The syscall comparison covers the workloads of point 2 that print nothing too (gzip -k -f writes a file). */
    static List<Case> straceCases() {
        List<Case> all = new java.util.ArrayList<>(cases());
        all.add(new Case("gzip", List.of("/bin/gzip", "-k", "-f", "/input.txt"), null));
        return all;
    }

    Path work, checkout;
    String before;

    @BeforeAll
    void cloneCatalog() throws Exception {
        Path catalogs = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && catalogs == null; dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared").resolve("catalogs");
            if (Files.isDirectory(p.resolve("dynamic-apps.git"))) catalogs = p;
        }
        assumeTrue(catalogs != null, "the shared dynamic-apps catalog is not here");
        work = Files.createTempDirectory("dynamic-apps");
        Path bare = work.resolve("dynamic-apps.git");
        copyTree(catalogs.resolve("dynamic-apps.git"), bare);
        Files.createDirectories(bare.resolve("refs")); // the shared copy has only packed-refs
        checkout = work.resolve("checkout");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(checkout.toFile()).call()) {
            before = UpperDirHash.of(checkout);
        }
    }

    @AfterAll
    void clean() throws Exception {
        if (work == null) return;
        try (Stream<Path> s = Files.walk(work)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) p.toFile().delete();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAsNative(Case c) throws IOException {
        assumeTrue(NativeReference.confined(), "the native reference needs chroot");
        Path app = checkout.resolve(c.app());
        byte[] stdin = c.stdin() == null ? new byte[0] : c.stdin().getBytes(StandardCharsets.UTF_8);
        GuestOutcome emu = guest(app, c.argv(), stdin).build().run();
        Path copy = work.resolve("native-" + c.app() + "-" + System.nanoTime());
        copyTree(app, copy);
        RunResult nat = NativeReference.run(copy, c.argv(), ENV, stdin, Duration.ofSeconds(60));
        String how = emu.exit() instanceof GuestExit.Exited ? "" : " " + emu.exit();
        assertNull(Diff.firstDifference(nat.stderr(), emu.stderr()), c + " stderr" + how);
        assertNull(Diff.firstDifference(nat.stdout(), emu.stdout()), c + " stdout" + how);
        assertEquals(nat.status(), emu.exit().status(), c + " status" + how);
        assertEquals(0, nat.status(), c + ": the workload itself must succeed");
        assertTrue(nat.stdout().length > 0, c + " printed something");
        assertEquals(before, UpperDirHash.of(checkout), "the catalog checkout is unchanged");
    }

    @Test
    void gzipKeepsTheInputAndTheRoundTripGivesItBack() throws IOException {
        assumeTrue(NativeReference.confined(), "the native reference needs chroot");
        Path app = checkout.resolve("gzip");
        List<String> argv = List.of("/bin/gzip", "-k", "-f", "/input.txt");
        GuestOutcome emu = guest(app, argv, new byte[0]).build().run();
        assertEquals(new GuestExit.Exited(0), emu.exit(), new String(emu.stderr()));
        Path copy = work.resolve("native-gzip-k");
        copyTree(app, copy);
        RunResult nat = NativeReference.run(copy, argv, ENV, new byte[0], Duration.ofSeconds(60));
        assertEquals(0, nat.status());
        byte[] gz = emu.files().read("/input.txt.gz").orElseThrow();
        assertArrayEquals(Files.readAllBytes(copy.resolve("input.txt.gz")), gz, "the same compressed bytes as native");
        assertArrayEquals(Files.readAllBytes(app.resolve("input.txt")), emu.files().read("/input.txt").orElseThrow(), "-k keeps the input");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(Files.readAllBytes(app.resolve("input.txt")), in.readAllBytes(), "round trip");
        }
        assertEquals(before, UpperDirHash.of(checkout), "the catalog checkout is unchanged");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("straceCases")
    void sameSyscallsAsStrace(Case c) throws IOException {
        assumeTrue(NativeReference.confined(), "the native reference needs chroot");
        Path app = checkout.resolve(c.app());
        byte[] stdin = c.stdin() == null ? new byte[0] : c.stdin().getBytes(StandardCharsets.UTF_8);
        GuestOutcome emu = guest(app, c.argv(), stdin).build().run();
        assertNotNull(emu.trace());
        Path copy = work.resolve("strace-" + c.app() + "-" + System.nanoTime());
        copyTree(app, copy);
        List<String> host = BenignSyscallDifferences.normalise(withEntryGroupsSorted(
                NativeReference.syscallNames(copy, c.argv(), ENV, stdin, Duration.ofSeconds(60),
                        BenignSyscallDifferences.HOST_ONLY_LINE, NativeReference.procMountable())));
        List<String> guest = BenignSyscallDifferences.normalise(withEntryGroupsSorted(
                SyscallSequenceTest.names(emu.trace().toText())));
        String mismatch = SyscallSequenceTest.firstDifference(host, guest);
        String known = NativeReference.procMountable() ? null : KNOWN_DIFFERENCES.get(c.app() + " " + c.argv().get(0));
        if (known == null) assertNull(mismatch, c.toString());
        else assertTrue(mismatch != null && mismatch.startsWith(known),
                c + ": the documented difference changed (fixed? then drop it from KNOWN_DIFFERENCES)\n" + mismatch);
    }

    /**
     * Differences that remain only where the native reference cannot have /proc mounted in its
     * chroot (no mount namespace allowed: {@link NativeReference#procMountable}); where it can, the
     * native run sees a real /proc, as on any Linux system, and no difference remains. Listed so a
     * new or a fixed difference fails the test.
     * <ul>
     *   <li>grep: gnulib's stack-overflow handler locates the stack by reading /proc/self/maps. In a
     *       bare chroot without /proc the open fails and it probes the stack with mincore(2)
     *       instead; the emulator serves /proc/self/maps (as a Linux with /proc does) and the reads
     *       follow. An environment difference of the oracle.</li>
     *   <li>sed, ls: libselinux reads /proc/filesystems (looking for selinuxfs); it fails in a bare
     *       chroot, the emulator serves it.</li>
     * </ul>
     * Normalisations besides the corpus's ({@link BenignSyscallDifferences}: execve dropped, the
     * host's failed glibc-hwcaps probes dropped, calls from the emulator's vDSO dropped, the first 400
     * calls compared): {@link #withEntryGroupsSorted}.
     */
    static final java.util.Map<String, String> KNOWN_DIFFERENCES = java.util.Map.of(
            "grep /bin/grep", "call #38: host mincore, emulator mmap",
            "sed /usr/bin/sed", "call #77: host openat, emulator newfstatat",
            "ls /bin/ls", "call #77: host openat, emulator fstat");

    /** Calls a program makes per directory entry (ls -l: lstat, then the xattr look-ups). */
    static final java.util.Set<String> PER_ENTRY = java.util.Set.of("lstat", "newfstatat", "statx", "lgetxattr",
            "getxattr", "readlink");

    /**
     * Directory order is the filesystem's: the host lists entries in its on-disk (hash) order, the
     * emulator sorted by name (the same on every host and checkout). A program that sorts before
     * printing (ls) prints the same, but makes its per-entry calls (lstat, lgetxattr, getxattr; one
     * more getxattr for a directory's default ACL) in a different order. Between a getdents and the
     * next call that is not per-entry, each group starting at an lstat is therefore sorted.
     */
    static List<String> withEntryGroupsSorted(List<String> names) {
        List<String> out = new java.util.ArrayList<>(names.size());
        int i = 0;
        while (i < names.size()) {
            String n = names.get(i++);
            out.add(n);
            if (!n.startsWith("getdents")) continue;
            List<List<String>> groups = new java.util.ArrayList<>();
            while (i < names.size() && PER_ENTRY.contains(names.get(i))) {
                // A group starts with the call that started the first one (ls: lstat).
                if (groups.isEmpty() || names.get(i).equals(groups.get(0).get(0))) groups.add(new java.util.ArrayList<>());
                groups.get(groups.size() - 1).add(names.get(i++));
            }
            groups.sort(java.util.Comparator.comparing(g -> String.join(",", g)));
            for (List<String> g : groups) out.addAll(g);
        }
        return out;
    }

    private static Guest.Builder guest(Path app, List<String> argv, byte[] stdin) {
        // The wall clock starts just after the files' times, as the native run's now is (ls -l then prints times).
        java.time.Instant start;
        try {
            start = Files.getLastModifiedTime(app).toInstant().plusSeconds(3600);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Guest.builder().rootfs(app).argv(argv).env(ENV).stdin(stdin).writableRootfs(true).clockStart(start)
                .timeout(Duration.ofSeconds(180));
    }

    /** A copy with the source's mtimes, directories included (ls -l shows them: the copy must not differ by a minute). */
    static void copyTree(Path from, Path to) throws IOException {
        List<Path> dirs = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) Files.createSymbolicLink(dst, Files.readSymbolicLink(p));
                else if (Files.isDirectory(p)) { Files.createDirectories(dst); dirs.add(p); }
                else Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        // After the files: creating an entry touches its directory.
        for (Path d : dirs) Files.setLastModifiedTime(to.resolve(from.relativize(d).toString()), Files.getLastModifiedTime(d));
    }

    /** The tree hash of {@code vfs.UpperDirTest}: names, contents and mtimes. */
    static final class UpperDirHash {
        static String of(Path root) throws IOException {
            try {
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                List<Path> all;
                try (Stream<Path> s = Files.walk(root)) {
                    all = s.filter(p -> !p.toString().contains("/.git/") && !p.endsWith(".git")).sorted().toList();
                }
                for (Path p : all) {
                    md.update(root.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                    if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) md.update(Files.readAllBytes(p));
                    md.update(Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toString().getBytes());
                }
                return java.util.HexFormat.of().formatHex(md.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
