package dev.binfarm.emulator.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.kernel.Cc;
import dev.binfarm.emulator.mem.GuestMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {
    static final String HELLO = "#include <stdio.h>\nint big[10000];\nint main(){ puts(\"hi\"); return big[5]; }\n";

    @TempDir static Path dir;
    static Path pie, exec;

    @BeforeAll
    static void compile() throws Exception {
        pie = Cc.staticPie(dir, "hello", HELLO);
        exec = Cc.staticExec(dir, "hello_exec", HELLO);
    }

    record Loaded(GuestMemory mem, ElfFile elf, byte[] bytes, ProcessImage image) { }

    static Loaded load(Path file, long seed, List<String> argv, List<String> env) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        ElfFile elf = ElfFile.parse(bytes);
        GuestMemory mem = new GuestMemory(64L << 20);
        ProcessImage img = Loader.load(mem, elf, bytes, new Loader.Spec(argv, env, "/hello", 0x1234), new SplittableRandom(seed));
        return new Loaded(mem, elf, bytes, img);
    }

    @Test
    void initialStackIsLaidOutAsLinuxDoes() throws Exception {
        Loaded l = load(pie, 7, List.of("/hello", "two words", ""), List.of("A=1", "PATH=/bin"));
        GuestMemory m = l.mem();
        long sp = l.image().sp();
        assertEquals(0, sp & 15, "rsp is 16-byte aligned at entry");
        assertEquals(3, m.read64(sp));
        assertEquals("/hello", m.readCString(m.read64(sp + 8), 100));
        assertEquals("two words", m.readCString(m.read64(sp + 16), 100));
        assertEquals("", m.readCString(m.read64(sp + 24), 100));
        assertEquals(0, m.read64(sp + 32));
        assertEquals("A=1", m.readCString(m.read64(sp + 40), 100));
        assertEquals("PATH=/bin", m.readCString(m.read64(sp + 48), 100));
        assertEquals(0, m.read64(sp + 56));
        Map<Long, Long> aux = new HashMap<>();
        long at = sp + 64;
        List<Long> order = new java.util.ArrayList<>();
        while (true) {
            long type = m.read64(at), val = m.read64(at + 8);
            at += 16;
            if (type == Loader.AT_NULL) break;
            aux.put(type, val);
            order.add(type);
        }
        assertEquals(l.image().entry(), aux.get((long) Loader.AT_ENTRY));
        assertEquals(l.image().bias() + l.elf().entry(), l.image().entry());
        assertEquals(4096L, aux.get((long) Loader.AT_PAGESZ));
        assertEquals(100L, aux.get((long) Loader.AT_CLKTCK));
        assertEquals(0x1234L, aux.get((long) Loader.AT_HWCAP));
        assertEquals(0L, aux.get((long) Loader.AT_BASE));
        assertEquals(0L, aux.get((long) Loader.AT_SECURE));
        assertEquals(0L, aux.get((long) Loader.AT_UID));
        assertEquals((long) l.elf().phnum(), aux.get((long) Loader.AT_PHNUM));
        assertEquals(56L, aux.get((long) Loader.AT_PHENT));
        assertEquals("x86_64", m.readCString(aux.get((long) Loader.AT_PLATFORM), 100));
        assertEquals("/hello", m.readCString(aux.get((long) Loader.AT_EXECFN), 100));
        // AT_PHDR points at the program headers as mapped: the first one reads back as in the file.
        long phdr = aux.get((long) Loader.AT_PHDR);
        ElfFile.Segment first = l.elf().segments().get(0);
        assertEquals(first.type(), m.read32(phdr));
        assertEquals(first.vaddr(), m.read64(phdr + 16));
        // 16 random bytes that are not all zero; the execfn string sits at the very top.
        long random = aux.get((long) Loader.AT_RANDOM);
        assertTrue(m.read64(random) != 0 || m.read64(random + 8) != 0);
        assertTrue(aux.get((long) Loader.AT_EXECFN) > m.read64(sp + 48), "execfn is above the env strings");
        assertEquals(l.image().stackTop() - 8 - "/hello".length() - 1, aux.get((long) Loader.AT_EXECFN));
        assertEquals(List.of((long) Loader.AT_SYSINFO_EHDR, (long) Loader.AT_HWCAP, (long) Loader.AT_PAGESZ,
                (long) Loader.AT_CLKTCK), order.subList(0, 4));
        // The vDSO: its ELF header at AT_SYSINFO_EHDR, above the stack, read and execute only.
        long vdso = aux.get((long) Loader.AT_SYSINFO_EHDR);
        assertEquals(l.image().vdso(), vdso);
        assertEquals(0x464c457f, m.read32(vdso));
        assertTrue(vdso > l.image().stackTop() && vdso < l.image().stackTop() + Loader.VDSO_RANGE + Loader.PAGE);
        assertThrows(dev.binfarm.emulator.mem.GuestFault.class, () -> m.write8(vdso + 0x600, 0));
    }

    @Test
    void segmentsAreMappedWithTheirPermissionsAndBssIsZero() throws Exception {
        Loaded l = load(pie, 1, List.of("/hello"), List.of());
        long bias = l.image().bias();
        assertTrue(l.image().pie());
        assertEquals(0, bias & 0xFFF);
        assertTrue(bias >= Loader.PIE_BASE && bias < Loader.PIE_BASE + Loader.PIE_RANGE, Long.toHexString(bias));
        boolean sawBss = false;
        for (ElfFile.Segment s : l.elf().loadSegments()) {
            GuestMemory.Mapping map = l.mem().mappingAt(bias + s.vaddr());
            int want = (s.readable() ? 1 : 0) | (s.writable() ? 2 : 0) | (s.executable() ? 4 : 0);
            assertEquals(want, map.prot(), "permissions of segment at 0x" + Long.toHexString(s.vaddr()));
            if (s.filesz() >= 8 && s.readable()) {
                long fromFile = java.nio.ByteBuffer.wrap(l.bytes(), (int) s.offset(), 8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                assertEquals(fromFile, l.mem().read64(bias + s.vaddr()));
            }
            if (s.memsz() > s.filesz() + 4096 && s.readable()) {
                sawBss = true;
                for (long a = s.vaddr() + s.filesz(); a < s.vaddr() + s.memsz(); a += 997) {
                    assertEquals(0, l.mem().read8(bias + a), "bss byte at 0x" + Long.toHexString(a));
                }
            }
        }
        assertTrue(sawBss, "the test program has a large bss");
        assertTrue(l.image().brkStart() >= bias + l.elf().maxVaddr());
        assertEquals(0, l.image().brkStart() & 0xFFF);
        assertEquals(Loader.STACK_SIZE, l.image().stackTop() - l.image().stackBottom());
        assertTrue(l.mem().isMapped(l.image().stackBottom(), Loader.STACK_SIZE));
    }

    @Test
    void layoutIsSeeded() throws Exception {
        Loaded a = load(pie, 42, List.of("/hello"), List.of());
        Loaded b = load(pie, 42, List.of("/hello"), List.of());
        Loaded c = load(pie, 43, List.of("/hello"), List.of());
        assertEquals(a.image(), b.image());
        assertNotEquals(a.image().bias(), c.image().bias());
        assertNotEquals(a.image().stackTop(), c.image().stackTop());
    }

    @Test
    void fixedAddressExecutableLoadsAtItsAddresses() throws Exception {
        Loaded l = load(exec, 1, List.of("/hello"), List.of());
        assertFalse(l.image().pie());
        assertEquals(0, l.image().bias());
        assertEquals(l.elf().entry(), l.image().entry());
        assertTrue(l.mem().mappingAt(l.elf().entry()) != null);
        assertTrue((l.mem().mappingAt(l.elf().entry()).prot() & GuestMemory.PROT_EXEC) != 0);
    }

    @Test
    void dynamicProgramsAreRefusedWithTheirInterpreter() throws Exception {
        byte[] ls = Files.readAllBytes(Path.of("/bin/ls"));
        LoadException e = assertThrows(LoadException.class, () -> Loader.load(new GuestMemory(1 << 24), ElfFile.parse(ls), ls,
                new Loader.Spec(List.of("/ls"), List.of(), "/ls", 0), new SplittableRandom(1)));
        assertEquals("dynamically linked programs are not supported yet (needs /lib64/ld-linux-x86-64.so.2)", e.getMessage());
    }

    @Test
    void sharedLibrariesAreNotPrograms() throws Exception {
        byte[] libc = Files.readAllBytes(Path.of("/lib/x86_64-linux-gnu/libc.so.6"));
        LoadException e = assertThrows(LoadException.class, () -> Loader.load(new GuestMemory(1 << 24), ElfFile.parse(libc), libc,
                new Loader.Spec(List.of("/x"), List.of(), "/x", 0), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("shared-library"), e.getMessage());
    }

    @Test
    void hugeArgumentListsAreRefused() throws Exception {
        String big = "x".repeat(3 << 20);
        assertThrows(LoadException.class, () -> load(pie, 1, List.of("/hello", big), List.of()));
    }
}
