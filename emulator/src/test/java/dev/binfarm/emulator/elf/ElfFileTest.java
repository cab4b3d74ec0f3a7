package dev.binfarm.emulator.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElfFileTest {
    private static final Path LS = Path.of("/bin/ls");
    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    private static final Path LDSO = Path.of("/lib64/ld-linux-x86-64.so.2");
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @Test
    void classifiesHostPrograms() throws Exception {
        ElfFile ls = ElfFile.parse(Files.readAllBytes(LS));
        assertEquals(ElfKind.DYNAMIC, ls.kind());
        assertEquals("/lib64/ld-linux-x86-64.so.2", ls.interpreter());
        assertTrue(ls.needed().contains("libc.so.6"), ls.needed().toString());

        ElfFile libc = ElfFile.parse(Files.readAllBytes(LIBC));
        assertEquals(ElfKind.SHARED_LIBRARY, libc.kind(), "libc has PT_INTERP but is a library");
        assertEquals("libc.so.6", libc.soname());

        assertEquals(ElfKind.SHARED_LIBRARY, ElfFile.classify(Files.readAllBytes(LDSO)));
    }

    @Test
    void classifiesStaticPrograms() throws Exception {
        if (Files.exists(BUSYBOX)) {
            ElfFile bb = ElfFile.parse(Files.readAllBytes(BUSYBOX));
            assertNull(bb.interpreter());
            assertTrue(bb.kind() == ElfKind.STATIC || bb.kind() == ElfKind.STATIC_PIE, bb.kind().toString());
        }
    }

    @Test
    void rejectsNonElfAndWrongMachine() throws Exception {
        InvalidElfException e = assertThrows(InvalidElfException.class, () -> ElfFile.parse("#!/bin/sh\n".getBytes()));
        assertTrue(e.isNotElf());
        assertEquals("not an ELF file", e.getMessage());

        byte[] ls = Files.readAllBytes(LS);
        ls[18] = 40; // EM_ARM
        e = assertThrows(InvalidElfException.class, () -> ElfFile.parse(ls));
        assertEquals("invalid ELF: e_machine is 40, expected 62 (x86-64)", e.getMessage());

        byte[] truncated = Arrays.copyOf(Files.readAllBytes(LS), 40);
        e = assertThrows(InvalidElfException.class, () -> ElfFile.parse(truncated));
        assertTrue(e.getMessage().contains("shorter than the 64-byte ELF header"), e.getMessage());
    }

    @Test
    void rejectsSegmentsOutsideTheFile() throws Exception {
        byte[] ls = Files.readAllBytes(LS);
        ByteBuffer b = ByteBuffer.wrap(ls).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = (int) b.getLong(32);
        for (int i = 0; i < (b.getShort(56) & 0xFFFF); i++) {
            int at = phoff + i * 56;
            if (b.getInt(at) == ElfFile.PT_LOAD) { b.putLong(at + 32, 1L << 36); b.putLong(at + 40, 1L << 36); break; }
        }
        InvalidElfException e = assertThrows(InvalidElfException.class, () -> ElfFile.parse(ls));
        assertTrue(e.getMessage().contains("extends past the end of the file"), e.getMessage());
    }

    /**
     * A generated corpus of mutated and truncated real ELF headers: each parse
     * is a valid classification or a clean InvalidElfException, never another
     * exception.
     */
    @Test
    void mutatedHeadersNeverEscape() throws IOException {
        List<byte[]> seeds = List.of(Files.readAllBytes(LS), Files.readAllBytes(LIBC), Files.readAllBytes(LDSO));
        Random random = new Random(42);
        int valid = 0, invalid = 0;
        for (int n = 0; n < 3000; n++) {
            byte[] seed = seeds.get(n % seeds.size());
            byte[] mutant = mutate(seed, random);
            try {
                ElfKind kind = ElfFile.classify(mutant);
                assertTrue(kind != null);
                valid++;
            } catch (InvalidElfException expected) {
                assertTrue(expected.getMessage().startsWith("invalid ELF: ") || expected.isNotElf(), expected.getMessage());
                invalid++;
            }
        }
        System.out.printf("elf fuzz: %d mutants, %d parsed, %d rejected cleanly%n", valid + invalid, valid, invalid);
        assertTrue(invalid > 500 && valid > 100, "the corpus should exercise both outcomes");
    }

    /** Flips bytes or writes edge values in the headers (first 4 KiB), or truncates. */
    static byte[] mutate(byte[] seed, Random random) {
        int headerArea = Math.min(seed.length, 4096);
        byte[] out;
        if (random.nextInt(4) == 0) {
            out = Arrays.copyOf(seed, random.nextInt(headerArea));
        } else {
            out = Arrays.copyOf(seed, Math.min(seed.length, 64 * 1024 + random.nextInt(seed.length)));
        }
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && out.length > 8; i++) {
            int at = random.nextInt(Math.min(out.length, headerArea) - 8);
            switch (random.nextInt(4)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                case 2 -> b.putLong(at & ~7, new long[] {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 47, 0xFFFF}[random.nextInt(6)]);
                default -> b.putInt(at & ~3, random.nextInt());
            }
        }
        return out;
    }
}
