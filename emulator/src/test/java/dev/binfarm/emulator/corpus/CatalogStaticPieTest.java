package dev.binfarm.emulator.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 3 of the emulator issue, through the Guest API: the real static-PIE apps of the shared
 * catalog (bc, gzip, sqlite3) run in the emulator as they run confined on the host. The same checks
 * through the real {@code farm emu} command live in the cli module (CatalogEmuCliTest).
 */
class CatalogStaticPieTest {
    static final String TWO_TO_THE_100 = "1267650600228229401496703205376";
    private static StaticPieCatalog catalog;

    @BeforeAll
    static void cloneCatalog() {
        Path shared = StaticPieCatalog.sharedCatalogs();
        Assumptions.assumeTrue(shared != null,
                "../shared/catalogs/" + StaticPieCatalog.REPO + " is absent (a fresh machine has no shared/): catalog tests skipped");
        catalog = StaticPieCatalog.cloneFrom(shared);
    }

    @AfterAll
    static void removeClone() {
        if (catalog != null) catalog.close();
    }

    @Test
    void bcComputesTwoToTheHundred() {
        Path bc = catalog.resolve("bc");
        byte[] stdin = "2^100\n".getBytes(StandardCharsets.US_ASCII);
        if (NativeReference.confined()) {
            RunResult host = NativeReference.run(bc, List.of("/bc"), GuestRuns.ENV, stdin, GuestRuns.NATIVE_TIMEOUT);
            assertEquals(TWO_TO_THE_100 + "\n", host.stdoutText(), "host reference");
        }
        GuestOutcome out = run(Guest.builder().rootfs(bc).argv("/bc").stdin(stdin));
        assertEquals(0, out.exit().status(), () -> GuestRuns.describe(out.exit()) + "; stderr: " + text(out.stderr()));
        assertEquals(TWO_TO_THE_100 + "\n", text(out.stdout()));
    }

    @Test
    void gzipRoundTripsTheCatalogsTestFile() throws IOException {
        Path rootfs = catalog.resolve("gzip/rootfs");
        Path gzip = catalog.resolve("gzip/gzip");
        byte[] original = Files.readAllBytes(rootfs.resolve("test.txt"));

        GuestOutcome packed = run(Guest.builder().rootfs(rootfs).exe(gzip).argv("/gzip", "-c", "/test.txt"));
        assertEquals(0, packed.exit().status(), () -> GuestRuns.describe(packed.exit()) + "; stderr: " + text(packed.stderr()));
        byte[] compressed = packed.stdout();
        assertTrue(compressed.length >= 18 && (compressed[0] & 0xff) == 0x1f && (compressed[1] & 0xff) == 0x8b,
                "gzip output must start with the gzip magic, got " + compressed.length + " bytes");
        // An oracle independent of the guest: Java's own inflater must read the guest's output.
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertArrayEquals(original, in.readAllBytes(), "java.util.zip reading the guest's gzip output");
        }

        GuestOutcome unpacked = run(Guest.builder().rootfs(rootfs).exe(gzip).argv("/gzip", "-d", "-c").stdin(compressed));
        assertEquals(0, unpacked.exit().status(), () -> GuestRuns.describe(unpacked.exit()) + "; stderr: " + text(unpacked.stderr()));
        assertArrayEquals(original, unpacked.stdout(), "gzip -d in the guest must give back test.txt");
    }

    @Test
    void sqliteCountsAlbumsConfinedToItsRootfs() {
        Path rootfs = catalog.resolve("sqlite3/rootfs");
        Path sqlite = catalog.resolve("sqlite3/sqlite3");
        // FACTS.md: run directly on the host it crashes (static glibc dlopens the host's NSS modules);
        // confined to its rootfs it works, and the emulator must confine it the same way.
        GuestOutcome out = run(Guest.builder().rootfs(rootfs).exe(sqlite)
                .argv("/sqlite3", "/chinook.db", "select count(*) from Album;"));
        assertEquals(0, out.exit().status(), () -> GuestRuns.describe(out.exit()) + "; stderr: " + text(out.stderr()));
        assertEquals("347\n", text(out.stdout()));
    }

    /** The catalog apps make the same system calls as on the host (names, in order, strace vs the emulator's trace). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bc", "gzip", "sqlite3"})
    void sameSyscallsAsTheHost(String app) throws IOException {
        Assumptions.assumeTrue(Tools.onPath("strace"), "strace is not installed");
        Assumptions.assumeTrue(NativeReference.confined(), "the host reference needs chroot (root or user namespaces)");
        Path rootfs = Files.createTempDirectory("catalog-" + app);
        try {
            List<String> argv;
            byte[] stdin = new byte[0];
            switch (app) {
                case "bc" -> {
                    CorpusRootfs.copyTree(catalog.resolve("bc"), rootfs);
                    argv = List.of("/bc");
                    stdin = "2^100\n".getBytes(StandardCharsets.US_ASCII);
                }
                case "gzip" -> {
                    CorpusRootfs.copyTree(catalog.resolve("gzip/rootfs"), rootfs);
                    Files.copy(catalog.resolve("gzip/gzip"), rootfs.resolve("gzip"));
                    argv = List.of("/gzip", "-c", "/test.txt");
                }
                default -> {
                    CorpusRootfs.copyTree(catalog.resolve("sqlite3/rootfs"), rootfs);
                    Files.copy(catalog.resolve("sqlite3/sqlite3"), rootfs.resolve("sqlite3"));
                    argv = List.of("/sqlite3", "/chinook.db", "select count(*) from Album;");
                }
            }
            List<String> host = BenignSyscallDifferences.normalise(
                    NativeReference.syscallNames(rootfs, argv, GuestRuns.ENV, stdin, GuestRuns.NATIVE_TIMEOUT));
            // The host run's rootfs is a writable temp copy, so the guest gets the emulator's writable layer too.
            GuestOutcome out = run(Guest.builder().rootfs(rootfs).argv(argv).stdin(stdin).writableRootfs(true));
            assertTrue(out.trace() != null, () -> "no trace: " + GuestRuns.describe(out.exit()));
            List<String> guest = BenignSyscallDifferences.normalise(SyscallSequenceTest.names(out.trace().toText()));
            String mismatch = SyscallSequenceTest.firstDifference(host, guest);
            ExpectedFailures.skipIfListed("catalog-strace:" + app, mismatch == null, mismatch);
            assertTrue(mismatch == null, () -> app + ": " + mismatch);
        } finally {
            CorpusRootfs.deleteTree(rootfs);
        }
    }

    private static GuestOutcome run(Guest.Builder guest) {
        try {
            return guest.env(GuestRuns.ENV).timeout(GuestRuns.GUEST_TIMEOUT).build().run();
        } catch (UnsupportedOperationException e) {
            ExpectedFailures.skipIfEmulatorMissing(e);
            throw e;
        }
    }

    private static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
}
