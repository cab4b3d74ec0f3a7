package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Translations shared between guests of one JVM: a guest running the same region (same instructions at the
 * same addresses) as an earlier guest gets its own instance of the earlier guest's class; any difference in
 * code or address gets a translation of its own; and a guest's instance is only ever its own business
 * (rewriting its code does not touch another guest's).
 */
class SharedTranslationsTest {
    private static final long CODE = 0x400000, DATA = 0x600000;

    /** Sums data[0..n) with a rotate, n = {@code n}; {@code salt} makes the code unique to this test run. */
    private static String loop(long salt, int n) {
        return """
                mov rsi, 0x600000
                mov ecx, %d
                mov rax, %d
                1:
                movzx edx, byte ptr [rsi]
                add rax, rdx
                rol rax, 5
                inc rsi
                dec ecx
                jnz 1b
                lea rbx, [rip]
                """.formatted(n, salt);
    }

    /** A guest with {@code asm} at {@code at} and 4 KiB of patterned data; runs it to its end with the tier on (threshold 0). */
    private static Cpu guest(String asm, long at) {
        return guest(asm, at, 0);
    }

    /** The same with the given {@link Cpu#jitThreshold} (-1: the interpreter alone). */
    private static Cpu guest(String asm, long at, int threshold) {
        byte[] code = Asm.assemble(asm);
        GuestMemory mem = new GuestMemory(16 << 20);
        int rwx = GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC;
        mem.map(at, 0x1000, rwx, Backing.of(code), 0, "code");
        byte[] data = new byte[0x1000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 37 + 11);
        mem.map(DATA, 0x1000, GuestMemory.PROT_READ, Backing.of(data), 0, "data");
        Cpu c = new Cpu(mem);
        c.jitThreshold = threshold;
        c.rip = at;
        c.breakpoint = at + code.length;
        run(c);
        return c;
    }

    private static void run(Cpu c) {
        Stop s = c.run(10_000_000);
        assertEquals(Stop.BREAKPOINT, s, () -> "stopped at 0x" + Long.toHexString(c.rip) + ": " + c.illegal + " " + c.fault);
    }

    /** The same program in the interpreter alone: the reference result. */
    private static long[] interpreted(String asm, long at) {
        return guest(asm, at, -1).r;
    }

    /** Two guests run {@code asm} at CODE, one after the other; both must end as the interpreter does. */
    private static Cpu[] twoGuests(String asm) {
        Cpu a = guest(asm, CODE), b = guest(asm, CODE);
        assertArrayEquals(interpreted(asm, CODE), a.r);
        assertArrayEquals(a.r, b.r);
        return new Cpu[] {a, b};
    }

    @Test
    void aSecondGuestWithTheSameRegionGetsItsOwnInstanceOfTheSameClass() {
        String asm = loop(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), 3000);
        Cpu[] ab = twoGuests(asm);
        Cpu a = ab[0], b = ab[1];
        assertEquals(a.instructions, b.instructions);

        Compiled ca = a.translationAt(CODE), cb = b.translationAt(CODE);
        assertNotNull(ca);
        assertNotNull(cb);
        assertSame(ca.getClass(), cb.getClass(), "the second guest reuses the first one's class");
        assertNotSame(ca, cb);
        assertNotSame(ca.all[0], cb.all[0], "each instance runs with its own guest's instructions");
        assertNotSame(ca.links, cb.links, "and its own exit links");
    }

    @Test
    void differentCodeOrAnotherAddressGetsItsOwnTranslation() {
        long salt = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        Cpu a = guest(loop(salt, 3000), CODE);
        Cpu otherImmediate = guest(loop(salt, 2999), CODE);
        Cpu elsewhere = guest(loop(salt, 3000), CODE + 0x10000);
        assertArrayEquals(interpreted(loop(salt, 2999), CODE), otherImmediate.r);
        assertArrayEquals(interpreted(loop(salt, 3000), CODE + 0x10000), elsewhere.r);
        assertNotEquals(a.r[Cpu.RBX], elsewhere.r[Cpu.RBX], "lea rbx, [rip] sees each guest's own address");
        Class<?> ka = a.translationAt(CODE).getClass();
        assertNotSame(ka, otherImmediate.translationAt(CODE).getClass());
        assertNotSame(ka, elsewhere.translationAt(CODE + 0x10000).getClass());
    }

    @Test
    void rewritingSharedCodeInOneGuestLeavesTheOtherGuestsTranslation() {
        long salt = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String asm = loop(salt, 3000);
        Cpu[] ab = twoGuests(asm);
        Cpu a = ab[0], b = ab[1];
        Compiled before = a.translationAt(CODE);
        assertSame(before.getClass(), b.translationAt(CODE).getClass());

        // b patches its "mov ecx, 3000" (bytes 7..11: b9 imm32) to 2999 and runs again: the new code, not the shared class.
        byte[] code = Asm.assemble(asm);
        assertEquals((byte) 0xB9, code[7], "mov ecx, imm32 at offset 7");
        b.mem.write(CODE + 8, new byte[] {(byte) 0xB7, 0x0B}); // 3000 = 0x0BB8 -> 0x0BB7
        b.rip = CODE;
        b.r[Cpu.RAX] = 0;
        run(b);
        assertArrayEquals(interpreted(loop(salt, 2999), CODE), b.r);
        assertNotSame(before.getClass(), b.translationAt(CODE).getClass());

        // a still runs its (shared) translation of the unchanged code.
        a.rip = CODE;
        run(a);
        assertArrayEquals(interpreted(asm, CODE), a.r);
        assertSame(before, a.translationAt(CODE));
    }

    /** A loop of three blocks, all hot: translated (threshold 5) once linked, it is one region of three members. */
    private static String branchyLoop(long salt) {
        return """
                mov rsi, 0x600000
                mov ecx, 3000
                mov rax, %d
                1:
                add rax, qword ptr [rsi]
                test ecx, 1
                jz 2f
                rol rax, 3
                2:
                add rax, 7
                dec ecx
                jnz 1b
                """.formatted(salt);
    }

    /** mov rsi, imm32 (7 bytes), mov ecx, imm32 (5), mov rax, imm64 (10): where the loop starts. */
    private static final long LOOP_HEAD = CODE + 7 + 5 + 10;

    @Test
    void aRegionOfSeveralBlocksIsShared() {
        long salt = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) | 1L << 40; // a 10-byte mov
        Cpu a = guest(branchyLoop(salt), CODE, 5);
        Cpu b = guest(branchyLoop(salt), CODE, 5);
        assertArrayEquals(interpreted(branchyLoop(salt), CODE), a.r);
        assertArrayEquals(a.r, b.r);
        Compiled ca = a.translationAt(LOOP_HEAD), cb = b.translationAt(LOOP_HEAD);
        assertTrue(ca.all.length > 3, "a region of several blocks (" + ca.all.length + " instructions)");
        assertSame(ca.getClass(), cb.getClass());
    }

    @Test
    void aRegionSplitForHotSpotsSizeLimitIsNotShared() {
        // Too much bytecode for one method (here: any region over 300 bytes of class file) makes the translator
        // keep fewer members, chosen again from the guest's block graph, which the key does not describe:
        // such a class stays private.
        long salt = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) | 1L << 40;
        int saved = Jit.hugeClass;
        Jit.hugeClass = 300;
        try {
            Cpu a = guest(branchyLoop(salt), CODE, 5);
            Cpu b = guest(branchyLoop(salt), CODE, 5);
            assertArrayEquals(interpreted(branchyLoop(salt), CODE), a.r);
            assertArrayEquals(a.r, b.r);
            Compiled ca = a.translationAt(LOOP_HEAD), cb = b.translationAt(LOOP_HEAD);
            assertEquals(3, ca.all.length, "split down to the head block");
            assertNotSame(ca.getClass(), cb.getClass());
        } finally {
            Jit.hugeClass = saved;
        }
    }

    @Test
    void theKeyCoversEveryFieldOfADecodedInstruction() {
        Set<String> fields = new TreeSet<>();
        for (Field f : Insn.class.getDeclaredFields()) if (!Modifier.isStatic(f.getModifiers())) fields.add(f.getName());
        assertEquals(fields, new TreeSet<>(SharedTranslations.INSN_FIELDS),
                "a field of Insn the translator may read is missing from SharedTranslations.key");
    }

    @Test
    void keysDifferInAnyField() {
        // One instruction, then each field of it changed in turn: every change gives a different key.
        Block base = new Block(CODE, new Insn[] {insn()}, CODE >> 12, CODE >> 12);
        SharedTranslations.Key k0 = SharedTranslations.key(java.util.List.of(base));
        assertEquals(k0, SharedTranslations.key(java.util.List.of(new Block(CODE, new Insn[] {insn()}, CODE >> 12, CODE >> 12))));
        for (String name : SharedTranslations.INSN_FIELDS) {
            Insn i = insn();
            try {
                Field f = Insn.class.getField(name);
                if (f.getType() == long.class) f.setLong(i, f.getLong(i) + 1);
                else f.setInt(i, f.getInt(i) + 1);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            SharedTranslations.Key k = SharedTranslations.key(java.util.List.of(new Block(CODE, new Insn[] {i}, CODE >> 12, CODE >> 12)));
            assertNotEquals(k0, k, name);
        }
        // The same instructions split into other members are another region.
        Insn[] two = {insn(), insn()};
        two[1].rip = two[0].nextRip;
        two[1].nextRip = two[1].rip + two[1].len;
        SharedTranslations.Key joined = SharedTranslations.key(java.util.List.of(new Block(CODE, two, CODE >> 12, CODE >> 12)));
        SharedTranslations.Key split = SharedTranslations.key(java.util.List.of(
                new Block(CODE, new Insn[] {two[0]}, CODE >> 12, CODE >> 12),
                new Block(two[1].rip, new Insn[] {two[1]}, CODE >> 12, CODE >> 12)));
        assertNotEquals(joined, split);
    }

    @Test
    void theLeastRecentlyUsedClassesGoFirstWhenTheBudgetIsFull() {
        SharedTranslations.Key[] keys = new SharedTranslations.Key[4];
        long salt = ThreadLocalRandom.current().nextLong();
        for (int j = 0; j < keys.length; j++) {
            Insn i = insn();
            i.imm = salt + j;
            keys[j] = SharedTranslations.key(java.util.List.of(new Block(CODE, new Insn[] {i}, CODE >> 12, CODE >> 12)));
        }
        SharedTranslations.Template t = new SharedTranslations.Template(null, 0, 1000);
        long each = 1000 + keys[0].size();
        long budget = 3 * each;
        SharedTranslations.clear(); // a cache: other tests only lose speed
        for (int j = 0; j < 3; j++) SharedTranslations.put(keys[j], t, budget);
        assertNotNull(SharedTranslations.get(keys[0])); // now the most recently used
        SharedTranslations.put(keys[3], t, budget);
        assertNotNull(SharedTranslations.get(keys[0]));
        assertNull(SharedTranslations.get(keys[1]), "the least recently used entry made room");
        assertNotNull(SharedTranslations.get(keys[2]));
        assertNotNull(SharedTranslations.get(keys[3]));
        assertTrue(SharedTranslations.bytes() <= budget);
    }

    private static Insn insn() {
        Insn i = new Insn();
        i.op = 7; i.opcode = 0x89; i.opSize = 8; i.addrSize = 8; i.reg = 1; i.mod = 2; i.rm = 3; i.base = 3; i.index = -1;
        i.scale = 1; i.disp = 0x10; i.imm = 5; i.imm2 = 0; i.rip = CODE; i.len = 4; i.nextRip = CODE + 4;
        return i;
    }
}
