package dev.binfarm.catalog.importer;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LdSoCacheTest {

    @Test
    void readsTheHostCacheExactlyAsLdconfigPrintsIt() throws Exception {
        assumeTrue(Files.isRegularFile(LdSoCache.SYSTEM), "this host has no /etc/ld.so.cache");
        LdSoCache cache = LdSoCache.read(LdSoCache.SYSTEM);
        List<Host.CacheLine> expected = Host.ldconfigP();
        assertFalse(expected.isEmpty());
        assertEquals(expected.size(), cache.entries().size());
        for (int i = 0; i < expected.size(); i++) {
            Host.CacheLine want = expected.get(i);
            LdSoCache.Entry got = cache.entries().get(i);
            assertEquals(want.soname(), got.soname(), "entry " + i);
            assertEquals(want.path(), got.path(), "entry " + i);
            assertEquals(want.flags().startsWith("libc6,x86-64"), got.isX86_64Libc6(), "entry " + i + ": " + want.flags());
        }
        Host.CacheLine libc = expected.stream().filter(l -> l.soname().equals("libc.so.6")
                && l.flags().startsWith("libc6,x86-64")).findFirst().orElseThrow();
        assertEquals(Optional.of(libc.path()), cache.lookup("libc.so.6"));
        assertEquals(Optional.empty(), cache.lookup("libdoes-not-exist.so.42"));
    }

    /** A cache in the new format with the given (soname, flags, hwcap, path) entries. */
    static byte[] newFormat(List<LdSoCache.Entry> entries) {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        int stringsAt = LdSoCache.NEW_HEADER + entries.size() * LdSoCache.NEW_ENTRY;
        ByteBuffer b = ByteBuffer.allocate(stringsAt).order(ByteOrder.LITTLE_ENDIAN);
        b.put((LdSoCache.MAGIC_NEW + LdSoCache.VERSION_NEW).getBytes(StandardCharsets.US_ASCII));
        List<int[]> offsets = new ArrayList<>();
        for (LdSoCache.Entry e : entries) {
            int key = stringsAt + strings.size();
            strings.writeBytes((e.soname() + "\0").getBytes(StandardCharsets.UTF_8));
            int value = stringsAt + strings.size();
            strings.writeBytes((e.path() + "\0").getBytes(StandardCharsets.UTF_8));
            offsets.add(new int[] {key, value});
        }
        b.putInt(20, entries.size()).putInt(24, strings.size()).put(28, (byte) 2);
        for (int i = 0; i < entries.size(); i++) {
            int at = LdSoCache.NEW_HEADER + i * LdSoCache.NEW_ENTRY;
            b.putInt(at, entries.get(i).flags()).putInt(at + 4, offsets.get(i)[0]).putInt(at + 8, offsets.get(i)[1])
                    .putLong(at + 16, entries.get(i).hwcap());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b.array());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }

    static byte[] oldFormat(List<LdSoCache.Entry> entries) {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(LdSoCache.OLD_HEADER + entries.size() * LdSoCache.OLD_ENTRY)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(LdSoCache.MAGIC_OLD.getBytes(StandardCharsets.US_ASCII)).putInt(12, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            int at = LdSoCache.OLD_HEADER + i * LdSoCache.OLD_ENTRY;
            LdSoCache.Entry e = entries.get(i);
            b.putInt(at, e.flags()).putInt(at + 4, strings.size());
            strings.writeBytes((e.soname() + "\0").getBytes(StandardCharsets.UTF_8));
            b.putInt(at + 8, strings.size());
            strings.writeBytes((e.path() + "\0").getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b.array());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }

    static final List<LdSoCache.Entry> SAMPLE = List.of(
            new LdSoCache.Entry("libz.so.1", LdSoCache.X86_64_LIBC6, LdSoCache.HWCAP_EXTENSION | 1, "/usr/lib/glibc-hwcaps/x86-64-v3/libz.so.1"),
            new LdSoCache.Entry("libz.so.1", 0x0003, 0, "/usr/lib32/libz.so.1"),
            new LdSoCache.Entry("libz.so.1", LdSoCache.X86_64_LIBC6, 0, "/lib/x86_64-linux-gnu/libz.so.1"),
            new LdSoCache.Entry("libm.so.6", 0x0003, 0, "/usr/lib32/libm.so.6"),
            new LdSoCache.Entry("libonlyv3.so", LdSoCache.X86_64_LIBC6, LdSoCache.HWCAP_EXTENSION, "/opt/v3/libonlyv3.so"));

    @Test
    void parsesTheNewFormatAndPicksTheBaselineX86_64Entry() throws Exception {
        LdSoCache cache = LdSoCache.parse(newFormat(SAMPLE));
        assertEquals(SAMPLE, cache.entries());
        assertEquals(Optional.of("/lib/x86_64-linux-gnu/libz.so.1"), cache.lookup("libz.so.1"));
        assertEquals(Optional.empty(), cache.lookup("libm.so.6"), "a 32-bit entry is not for an x86-64 loader");
        assertEquals(Optional.of("/opt/v3/libonlyv3.so"), cache.lookup("libonlyv3.so"));
    }

    @Test
    void parsesTheOldFormatAndPrefersANewPartAfterIt() throws Exception {
        List<LdSoCache.Entry> plain = SAMPLE.stream().map(e -> new LdSoCache.Entry(e.soname(), e.flags(), 0, e.path())).toList();
        byte[] old = oldFormat(plain);
        assertEquals(plain, LdSoCache.parse(old).entries());

        // Compat layout: old header + entries, the new format at the next 8-byte boundary.
        int entriesEnd = LdSoCache.OLD_HEADER + plain.size() * LdSoCache.OLD_ENTRY;
        int newAt = (entriesEnd + 7) & ~7;
        List<LdSoCache.Entry> newer = List.of(new LdSoCache.Entry("libnew.so.1", LdSoCache.X86_64_LIBC6, 0, "/lib/libnew.so.1"));
        byte[] part = newFormat(newer);
        byte[] combined = new byte[newAt + part.length];
        System.arraycopy(old, 0, combined, 0, entriesEnd);
        System.arraycopy(part, 0, combined, newAt, part.length);
        assertEquals(newer, LdSoCache.parse(combined).entries());
    }

    @Test
    void rejectsGarbageWithAReason() {
        var e = assertThrows(LdSoCache.InvalidCacheException.class, () -> LdSoCache.parse("hello".getBytes()));
        assertTrue(e.getMessage().contains("not an ld.so cache"), e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(newFormat(SAMPLE), 60);
        var t = assertThrows(LdSoCache.InvalidCacheException.class, () -> LdSoCache.parse(truncated));
        assertTrue(t.getMessage().contains("do not fit"), t.getMessage());
    }

    /** Mutated caches parse or fail with InvalidCacheException, never with anything else. */
    @Test
    void fuzzedCachesNeverEscapeTheDeclaredException() throws Exception {
        List<byte[]> seeds = new ArrayList<>(List.of(newFormat(SAMPLE), oldFormat(SAMPLE)));
        if (Files.isRegularFile(LdSoCache.SYSTEM)) seeds.add(Files.readAllBytes(LdSoCache.SYSTEM));
        Random random = new Random(20261123);
        int parsed = 0, rejected = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] b = seeds.get(round % seeds.size()).clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                // Bias mutations toward the header and the first entries, where the counts and offsets live.
                int at = random.nextBoolean() ? random.nextInt(Math.min(b.length, 200)) : random.nextInt(b.length);
                b[at] = (byte) random.nextInt(256);
            }
            if (random.nextInt(10) == 0) b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
            try {
                LdSoCache.parse(b);
                parsed++;
            } catch (LdSoCache.InvalidCacheException expected) {
                rejected++;
            }
        }
        assertTrue(parsed > 0 && rejected > 0, "parsed " + parsed + ", rejected " + rejected);
    }
}
