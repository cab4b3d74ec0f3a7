package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The compiling tier: translated code must behave exactly like the interpreter,
 * including precise faults, and must be dropped when its code changes
 * (self-modifying code after translation, munmap + mmap of new code at the same
 * address).
 */
class JitTest {
    private static final int RWX = GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC;

    /** The guest calls f (at FUNC) in a loop, 100 times, summing its results into r12. */
    private static final String CALLER = """
            xor r12d, r12d
            mov r13d, 100
            1:
            mov rax, 0x510000
            call rax
            add r12, rax
            sub r13d, 1
            jnz 1b
            """;
    private static final long CALLER_AT = 0x500000, FUNC = 0x510000;

    private static Cpu callerMachine(GuestMemory mem, String func, int prot) {
        byte[] caller = Asm.assemble(CALLER);
        mem.map(CALLER_AT, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(caller), 0, "caller");
        mem.map(FUNC, 0x1000, prot, Backing.of(Asm.assemble(func)), 0, "func");
        mem.map(0x7F0000, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "stack");
        Cpu c = new Cpu(mem);
        c.jitThreshold = 0;
        c.r[Cpu.RSP] = 0x800000 - 64;
        c.rip = CALLER_AT;
        c.breakpoint = CALLER_AT + caller.length;
        return c;
    }

    private static void runToBreakpoint(Cpu c) {
        Stop s = c.run(10_000_000);
        assertEquals(Stop.BREAKPOINT, s, () -> "stopped at 0x" + Long.toHexString(c.rip) + ": " + c.illegal + " " + c.fault);
    }

    @Test
    void codeWrittenAfterTranslationRunsTheNewVersion() {
        GuestMemory mem = new GuestMemory(16 << 20);
        Cpu c = callerMachine(mem, "mov eax, 1\nret", RWX);
        long before = Cpu.jitTranslated();
        runToBreakpoint(c);
        assertEquals(100, c.r[Cpu.R12]);
        assertTrue(Cpu.jitTranslated() > before, "blocks were translated");

        // The host rewrites f (like a loader or debugger would): translated blocks of that page go.
        mem.write(FUNC + 1, new byte[] {2});
        c.rip = CALLER_AT;
        runToBreakpoint(c);
        assertEquals(200, c.r[Cpu.R12]);
    }

    @Test
    void guestPatchingTranslatedCodeTakesEffect() {
        // f increments its own immediate after use: translated f stores into its own page each call,
        // so the next call must run the freshly decoded and translated version: 1 + 2 + ... + 100.
        GuestMemory mem = new GuestMemory(16 << 20);
        Cpu c = callerMachine(mem, """
                mov eax, 1
                lea rdx, [rip - 12]
                mov ecx, dword ptr [rdx + 1]
                add ecx, 1
                mov dword ptr [rdx + 1], ecx
                ret
                """, RWX);
        runToBreakpoint(c);
        assertEquals(5050, c.r[Cpu.R12]);
    }

    @Test
    void storeIntoTheNextInstructionOfATranslatedBlockIsSeen() {
        GuestMemory mem = new GuestMemory(16 << 20);
        // The store patches the immediate of the instruction right after it, in the same (translated) block.
        Cpu c = callerMachine(mem, """
                lea rbx, [rip + 1f]
                mov dword ptr [rbx + 1], 42
                1: mov eax, 7
                mov dword ptr [rbx + 1], 7
                ret
                """, RWX);
        runToBreakpoint(c);
        assertEquals(4200, c.r[Cpu.R12]);
    }

    @Test
    void remappedCodeAtTheSameAddressReplacesTheTranslation() {
        GuestMemory mem = new GuestMemory(16 << 20);
        int rx = GuestMemory.PROT_READ | GuestMemory.PROT_EXEC;
        Cpu c = callerMachine(mem, "mov eax, 3\nret", rx);
        runToBreakpoint(c);
        assertEquals(300, c.r[Cpu.R12]);

        mem.unmap(FUNC, 0x1000);
        mem.map(FUNC, 0x1000, rx, Backing.of(Asm.assemble("mov eax, 5\nnop\nret")), 0, "func2");
        c.rip = CALLER_AT;
        runToBreakpoint(c);
        assertEquals(500, c.r[Cpu.R12]);
    }

    /** Runs {@code asm} from a fresh machine with the given tier and returns the CPU. */
    private static Cpu runWith(String asm, int threshold, int times) {
        Machine m = new Machine(asm);
        m.cpu.jitThreshold = threshold;
        m.cpu.r[Cpu.RBX] = 0x600000;
        m.cpu.setRflags(0x202);
        Stop s = null;
        for (int t = 0; t < times; t++) {
            m.cpu.rip = Machine.CODE;
            m.cpu.r[Cpu.RBX] = 0x600000;
            s = m.cpu.run(1000);
        }
        m.cpu.illegal = String.valueOf(s);
        return m.cpu;
    }

    @Test
    void faultInTranslatedCodeLeavesTheInterpretersState() {
        // A load from an unmapped page in the middle of a block, after register and flag updates,
        // and a faulting store in a read-modify-write ALU instruction.
        for (String asm : new String[] {
                "mov rax, 5\nadd rbx, 8\ncmp rax, 9\nmov rcx, qword ptr [rbx + 0x100000]\nmov rax, 6",
                "mov eax, 7\nsub rbx, 1\nadd qword ptr [rbx + 0x200001], rax\nmov eax, 8",
                "push rbx\npush rbx\npop rcx\nmov qword ptr [rcx - 0x600000], rcx\nxor eax, eax",
        }) {
            Cpu interp = runWith(asm, -1, 3);
            Cpu jit = runWith(asm, 0, 3);
            assertEquals("FAULT", interp.illegal, asm);
            assertEquals(interp.illegal, jit.illegal, asm);
            assertEquals(interp.faultRip, jit.faultRip, asm);
            assertEquals(interp.rip, jit.rip, asm);
            assertArrayEquals(interp.r, jit.r, asm);
            assertEquals(interp.rflags(), jit.rflags(), asm);
            assertEquals(interp.instructions, jit.instructions, asm);
            assertEquals(interp.fault.getMessage(), jit.fault.getMessage(), asm);
        }
    }

    @Test
    void sseFaultsInTranslatedCodeLeaveTheInterpretersState() {
        // Natively emitted SSE (JitSse): #GP on a misaligned aligned-form operand before any access, a page
        // fault on the second half of a 16-byte operand, a faulting 4/8-byte store; XMM and GPR state as the interpreter's.
        for (String asm : new String[] {
                "mov eax, 5\nmovd xmm1, eax\npaddd xmm1, xmm1\nmovdqa xmm2, xmmword ptr [rbx + 8]\nmov eax, 6",
                "mov eax, 5\nmovd xmm1, eax\nmovaps xmmword ptr [rbx + 4], xmm1\nmov eax, 6",
                "pcmpeqd xmm3, xmm3\npor xmm1, xmmword ptr [rbx + 0x1000]\npshufd xmm2, xmmword ptr [rbx + 0xFFF8], 0x1b",
                "pcmpeqd xmm3, xmm3\nmovdqu xmmword ptr [rbx + 0xFFF8], xmm3\nmov eax, 6",
                "mov ecx, 9\nmovd xmm4, ecx\npsllq xmm4, 3\nmovd dword ptr [rbx + 0x20000], xmm4\nmov eax, 6",
                "mov ecx, 9\nmovq xmm4, rcx\npmovmskb edx, xmm4\nmovq qword ptr [rbx + 0x20000], xmm4\nmov eax, 6",
        }) {
            Cpu interp = runWith(asm, -1, 3);
            Cpu jit = runWith(asm, 0, 3);
            assertEquals("FAULT", interp.illegal, asm);
            assertEquals(interp.illegal, jit.illegal, asm);
            assertEquals(interp.faultRip, jit.faultRip, asm);
            assertEquals(interp.rip, jit.rip, asm);
            assertArrayEquals(interp.r, jit.r, asm);
            assertArrayEquals(interp.xmm, jit.xmm, asm);
            assertEquals(interp.instructions, jit.instructions, asm);
            assertEquals(interp.fault.getMessage(), jit.fault.getMessage(), asm);
        }
    }

    @Test
    void accessesTheTlbCannotServeLeaveTranslatedCodeAndGiveTheInterpretersResult() {
        // Translated accesses only use the TLB; anything else leaves the region before the instruction and the
        // interpreter runs it. Here every pass has loads and stores that cross a page (never a TLB hit) and a
        // page that shares its TLB slot with DATA's first page (256 MiB apart: a slot for any TLB size up to
        // 64 Ki pages), so the two evict each other on every pass. The first such load follows a CMP whose
        // carry the ADC after it reads: the flags held in the region must reach the interpreter.
        String asm = """
                xor ecx, ecx
                mov r8, 0x10600000
                1:
                cmp ecx, 150
                mov rdx, qword ptr [rbx + 4093]
                adc rdx, rcx
                mov qword ptr [rbx + 8189], rdx
                mov word ptr [rbx + 12287], cx
                mov rax, qword ptr [r8 + 8]
                add rax, rdx
                mov qword ptr [r8 + 8], rax
                add qword ptr [rbx + 16], rax
                add ecx, 1
                cmp ecx, 300
                jne 1b
                """;
        Cpu[] runs = new Cpu[2];
        byte[][] data = new byte[2][];
        for (int t = 0; t < 2; t++) {
            Machine m = new Machine(asm);
            m.mem.map(0x10600000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "conflict");
            m.cpu.jitThreshold = t == 0 ? -1 : 2;
            m.cpu.r[Cpu.RBX] = Machine.DATA;
            runs[t] = m.run();
            data[t] = new byte[4 * 4096 + 8];
            m.mem.read(Machine.DATA, data[t], 0, 4 * 4096);
            m.mem.read(0x10600000L + 8, data[t], 4 * 4096, 8);
        }
        Cpu interp = runs[0], jit = runs[1];
        assertEquals(0, interp.tlbExits);
        // Each translated pass leaves at its first such access; the interpreter runs the rest of that block.
        assertTrue(jit.tlbExits >= 250, "translated passes that left: " + jit.tlbExits);
        assertArrayEquals(interp.r, jit.r);
        assertEquals(interp.rflags(), jit.rflags());
        assertEquals(interp.instructions, jit.instructions);
        assertArrayEquals(data[0], data[1]);
        assertNotEquals(0, jit.r[Cpu.RAX]);
    }

    @Test
    void tierOffTranslatesNothing() {
        long before = Cpu.jitTranslated();
        Cpu c = runWith("mov eax, 1\nadd eax, 2\n", -1, 50);
        assertEquals(3, c.r[Cpu.RAX]);
        assertEquals(before, Cpu.jitTranslated());
    }

    /** The CpuBenchTest loop under both tiers: equal results, MIPS printed (never asserted). */
    @Test
    void checksumLoopInterpreterVersusCompiled() {
        String loop = """
                mov r8d, 800
                xor eax, eax
                outer:
                mov rsi, 0x600000
                mov ecx, 4096
                inner:
                movzx edx, byte ptr [rsi]
                add eax, edx
                rol eax, 3
                xor eax, ecx
                lea rsi, [rsi + 1]
                mov byte ptr [rsi - 1], al
                sub ecx, 1
                jnz inner
                dec r8d
                jnz outer
                """;
        long[] interp = null;
        for (int threshold : new int[] {-1, Jit.DEFAULT_THRESHOLD}) {
            Machine m = new Machine(loop);
            m.cpu.jitThreshold = threshold;
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            Cpu c = m.run();
            long cpuNs = threads.getCurrentThreadCpuTime() - cpu0;
            System.out.printf("jit bench (%s): %d instructions, %.1f MIPS of thread CPU time%n",
                    threshold < 0 ? "interpreter" : "compiled tier", c.instructions, c.instructions * 1e3 / cpuNs);
            if (interp == null) interp = c.r.clone();
            else assertArrayEquals(interp, c.r);
        }
    }

    // ---------------------------------------------------------------- regions (several blocks in one method)

    /** A loop over three blocks (head, odd arm, even arm): f returns 20 x {@code step} after a warm-up branch. */
    private static String loopFunc(int step) {
        return """
                xor eax, eax
                xor ecx, ecx
                1:
                test ecx, 1
                jz 2f
                add eax, %d
                add ecx, 1
                cmp ecx, 20
                jne 1b
                ret
                2:
                add eax, %d
                add ecx, 1
                cmp ecx, 20
                jne 1b
                ret
                """.formatted(step, step);
    }

    @Test
    void faultInsideAJoinedBlockAfterManyIterationsMatchesTheInterpreter() {
        // The loop's blocks join into one region (threshold 2: successors are known by then); the load
        // faults at ecx = 32, in a joined block, after 32 iterations inside the translated method.
        String asm = """
                xor ecx, ecx
                xor eax, eax
                1:
                add eax, ecx
                test ecx, 1
                jz 2f
                add eax, 3
                2:
                mov rsi, rcx
                shl rsi, 11
                mov rdx, qword ptr [rbx + rsi]
                add ecx, 1
                cmp ecx, 40
                jne 1b
                """;
        long before = Cpu.jitTranslated();
        Cpu interp = runWith(asm, -1, 2);
        Cpu jit = runWith(asm, 2, 2);
        assertTrue(Cpu.jitTranslated() > before, "blocks were translated");
        assertEquals("FAULT", interp.illegal);
        assertEquals(interp.illegal, jit.illegal);
        assertEquals(interp.faultRip, jit.faultRip);
        assertEquals(interp.rip, jit.rip);
        assertArrayEquals(interp.r, jit.r);
        assertEquals(32, jit.r[Cpu.RCX]);
        assertEquals(interp.rflags(), jit.rflags());
        assertEquals(interp.instructions, jit.instructions, "instruction counts (the clocks derive from them)");
        assertEquals(interp.fault.getMessage(), jit.fault.getMessage());
    }

    @Test
    void multiBlockLoopsGiveTheInterpretersResult() {
        GuestMemory mem = new GuestMemory(16 << 20);
        Cpu c = callerMachine(mem, loopFunc(3), GuestMemory.PROT_READ | GuestMemory.PROT_EXEC);
        c.jitThreshold = 2;
        runToBreakpoint(c);
        assertEquals(100 * 20 * 3, c.r[Cpu.R12]);
        assertEquals(callerInstructions(loopFunc(3), -1), c.instructions);
    }

    /**
     * A loop whose head (at FUNC + 64) was first seen leaving it: its first successor is the exit path
     * (the epilogue, two more blocks), the loop body comes second. Taken breadth first, the exit path
     * filled the region's member slots and the body's last block, the jump back, stayed out.
     */
    private static final String LOOP_AFTER_EXIT = """
            mov edx, 100
            sub edx, r13d
            xor ecx, ecx
            xor eax, eax
            .balign 64
            1:
            cmp ecx, edx
            jae 9f
            test ecx, 1
            jz 3f
            add eax, 2
            3:
            add eax, 1
            add ecx, 1
            jmp 1b
            9:
            mov r8d, eax
            test r8d, 1
            jz 10f
            add r8d, 1
            10:
            ret
            """;

    @Test
    void aRegionTakesTheLoopItsHeadIsInBeforeTheLoopsExit() {
        Cpu c = callerMachine(new GuestMemory(16 << 20), LOOP_AFTER_EXIT, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC);
        c.jitThreshold = 2;
        runToBreakpoint(c);
        long head = FUNC + 64;
        Compiled region = c.translationAt(head);
        assertNotNull(region, "the loop head was translated");
        boolean backEdge = false;
        for (Insn i : region.all) backEdge |= i.op == Ops.JMP && i.imm == head;
        assertTrue(backEdge, "the jump back to the head is in the head's region");
        // 99 calls of n = 1..99 iterations: each adds 1, and 2 more when odd.
        long sum = 0;
        for (int n = 1; n < 100; n++) for (int i = 0; i < n; i++) sum += 1 + (i % 2 == 1 ? 2 : 0);
        assertEquals(sum, c.r[Cpu.R12]);
        assertEquals(callerInstructions(LOOP_AFTER_EXIT, -1), c.instructions);
    }

    private static long callerInstructions(String func, int threshold) {
        Cpu c = callerMachine(new GuestMemory(16 << 20), func, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC);
        c.jitThreshold = threshold;
        runToBreakpoint(c);
        return c.instructions;
    }

    @Test
    void guestPatchingAJoinedBlockOfARunningLoopTakesEffect() {
        // The loop runs translated (head + joined block M); at ecx = 10 a block outside the region patches
        // M's immediate from 1 to 5, so the rest of the loop, and every later call, adds 5:
        // first call 10 x 1 + 10 x 5, then 99 calls of 20 x 5.
        String func = """
                xor eax, eax
                xor ecx, ecx
                lea rdx, [rip + 2f]
                1:
                cmp ecx, 10
                jne 2f
                mov byte ptr [rdx + 2], 5
                2:
                add eax, 1
                add ecx, 1
                cmp ecx, 20
                jne 1b
                ret
                """;
        for (int threshold : new int[] {-1, 2}) {
            GuestMemory mem = new GuestMemory(16 << 20);
            Cpu c = callerMachine(mem, func, RWX);
            c.jitThreshold = threshold;
            runToBreakpoint(c);
            assertEquals(60 + 99 * 100, c.r[Cpu.R12], "threshold " + threshold);
        }
    }

    @Test
    void remappedLoopAtTheSameAddressReplacesTheRegion() {
        GuestMemory mem = new GuestMemory(16 << 20);
        int rx = GuestMemory.PROT_READ | GuestMemory.PROT_EXEC;
        Cpu c = callerMachine(mem, loopFunc(1), rx);
        c.jitThreshold = 2;
        long before = Cpu.jitTranslated();
        runToBreakpoint(c);
        assertEquals(2000, c.r[Cpu.R12]);
        assertTrue(Cpu.jitTranslated() > before);

        mem.unmap(FUNC, 0x1000);
        mem.map(FUNC, 0x1000, rx, Backing.of(Asm.assemble(loopFunc(7))), 0, "func2");
        c.rip = CALLER_AT;
        runToBreakpoint(c);
        assertEquals(14000, c.r[Cpu.R12], "the caller restarts its sum; every call now adds 20 x 7");
    }

    @Test
    void codeOnAnotherPageOfARegionWrittenAfterTranslation() {
        // Threshold 2: the caller's loop block (page 0x500000) joins f (page 0x510000, reached by an
        // indirect call) and the block after the call into one region. Writing f's page must drop the
        // region headed on the caller's page too.
        GuestMemory mem = new GuestMemory(16 << 20);
        Cpu c = callerMachine(mem, "mov eax, 1\nret", RWX);
        c.jitThreshold = 2;
        runToBreakpoint(c);
        assertEquals(100, c.r[Cpu.R12]);
        mem.write(FUNC + 1, new byte[] {2});
        c.rip = CALLER_AT;
        runToBreakpoint(c);
        assertEquals(200, c.r[Cpu.R12]);

        // The guest patches f's immediate itself, from inside the region, each call: 1 + 2 + ... + 100.
        mem = new GuestMemory(16 << 20);
        c = callerMachine(mem, """
                mov eax, 1
                lea rdx, [rip - 12]
                mov ecx, dword ptr [rdx + 1]
                add ecx, 1
                mov dword ptr [rdx + 1], ecx
                ret
                """, RWX);
        c.jitThreshold = 2;
        runToBreakpoint(c);
        assertEquals(5050, c.r[Cpu.R12]);
    }

    // ---------------------------------------------------------------- dispatch part: exit links

    /** f calls g (a second page) in a loop; two exits of f and the return from g go to other regions. */
    private static final String NESTED = """
            xor eax, eax
            xor ecx, ecx
            1:
            mov rsi, 0x510800
            call rsi
            test ecx, 3
            jz 2f
            add eax, 1
            2:
            add ecx, 1
            cmp ecx, 25
            jne 1b
            ret
            """;

    /** The caller (ending in a UD2) over f = {@code func} at FUNC and g at FUNC + 0x800, and the code lengths. */
    private record TraceMachine(Cpu cpu, int callerLength, int fLength, int gLength) { }

    private static TraceMachine traceMachine(String func, int threshold) {
        GuestMemory mem = new GuestMemory(16 << 20);
        byte[] caller = Asm.assemble(CALLER + "ud2\n");
        mem.map(CALLER_AT, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(caller), 0, "caller");
        byte[] f = Asm.assemble(func), g = Asm.assemble("lea rax, [rax + rcx * 2]\ntest eax, 1\njz 1f\nsub eax, 1\n1:\nret");
        byte[] page = new byte[0x1000];
        System.arraycopy(f, 0, page, 0, f.length);
        System.arraycopy(g, 0, page, 0x800, g.length);
        mem.map(FUNC, 0x1000, RWX, Backing.of(page), 0, "func");
        mem.map(0x7F0000, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "stack");
        Cpu c = new Cpu(mem);
        c.jitThreshold = threshold;
        c.r[Cpu.RSP] = 0x800000 - 64;
        c.rip = CALLER_AT;
        return new TraceMachine(c, caller.length, f.length, g.length);
    }

    /**
     * Runs the caller over {@code func} (at FUNC, g at FUNC + 0x800) with no breakpoint, so translations may
     * run into each other through their exit links, ending at a UD2, in runs of varying budgets; returns the state after every run
     * (stop, RIP, instruction count, registers, flags), which must not depend on the tier.
     */
    private static String budgetTrace(String func, int threshold) {
        Cpu c = traceMachine(func, threshold).cpu();
        StringBuilder trace = new StringBuilder();
        java.util.Random budgets = new java.util.Random(12);
        for (int n = 0; n < 100_000; n++) {
            // Mostly small budgets (stops inside regions), some large ones (many regions).
            int budget = budgets.nextInt(8) == 0 ? 1 + budgets.nextInt(5000) : 1 + budgets.nextInt(40);
            Stop s = c.run(budget);
            trace.append(s).append(' ').append(Long.toHexString(c.rip)).append(' ').append(c.instructions)
                    .append(' ').append(java.util.Arrays.toString(c.r)).append(' ').append(c.rflags()).append('\n');
            if (s != Stop.BUDGET) {
                assertEquals(Stop.ILLEGAL, s, () -> c.illegal + " " + c.fault);
                return trace.toString();
            }
        }
        throw new AssertionError("never reached the end");
    }

    @Test
    void linkedTranslationsStopWhereTheInterpreterStops() {
        String patching = """
                mov eax, 1
                lea rdx, [rip - 12]
                mov ecx, dword ptr [rdx + 1]
                add ecx, 1
                mov dword ptr [rdx + 1], ecx
                ret
                """;
        for (String func : new String[] {NESTED, loopFunc(3), patching, "mov eax, 1\nret"}) {
            String interp = budgetTrace(func, -1);
            for (int threshold : new int[] {0, 2, 5}) {
                long before = Cpu.jitTranslated();
                assertEquals(interp, budgetTrace(func, threshold), "threshold " + threshold + ", f:\n" + func);
                assertTrue(Cpu.jitTranslated() > before, "blocks were translated");
            }
        }
    }

    /**
     * A dispatch loop through a jump table (gcc's form: 32-bit offsets from the table, JMP reg) with eight
     * cases that set and read flags differently; {@code align} puts the cases on the next page.
     */
    private static String jumpTableFunc(boolean align) {
        return """
                xor eax, eax
                xor ecx, ecx
                lea rdi, [rip + 9f]
                1:
                mov edx, ecx
                imul edx, edx, 7
                and edx, 7
                movsxd rdx, dword ptr [rdi + rdx * 4]
                add rdx, rdi
                jmp rdx
                %s
                20: add eax, 1
                jmp 8f
                21: add eax, 3
                jmp 8f
                22: xor eax, ecx
                jmp 8f
                23: lea eax, [rax + rcx * 2]
                jmp 8f
                24: sub eax, 5
                jmp 8f
                25: rol eax, 3
                jc 8f
                add eax, 2
                jmp 8f
                26: add eax, ecx
                jmp 8f
                27: shl eax, 1
                8:
                add ecx, 1
                cmp ecx, 25
                jne 1b
                ret
                9:
                .long 20b - 9b, 21b - 9b, 22b - 9b, 23b - 9b, 24b - 9b, 25b - 9b, 26b - 9b, 27b - 9b
                """.formatted(align ? ".balign 4096" : "");
    }

    @Test
    void jumpTableDispatchInsideARegionStopsWhereTheInterpreterStops() {
        String func = jumpTableFunc(false);
        String interp = budgetTrace(func, -1);
        long tables = Jit.tableRegions.get();
        for (int threshold : new int[] {0, 2, 5, 12, Jit.DEFAULT_THRESHOLD}) {
            long before = Cpu.jitTranslated();
            assertEquals(interp, budgetTrace(func, threshold), "threshold " + threshold);
            assertTrue(Cpu.jitTranslated() > before, "blocks were translated");
        }
        assertTrue(Jit.tableRegions.get() > tables, "a region joined the jump table's cases");
    }

    @Test
    void jumpTableCasesOnAnotherPageWrittenAfterTranslation() {
        // The cases sit on the page after the dispatcher; the host rewrites case 21's immediate (3 -> 9)
        // between runs: the region holding them (headed on the first page) must go.
        byte[] f = Asm.assemble(jumpTableFunc(true));
        int imm = -1;
        for (int p = 0x1000; p + 2 < f.length && imm < 0; p++) {
            if ((f[p] & 0xFF) == 0x83 && (f[p + 1] & 0xFF) == 0xC0 && f[p + 2] == 3) imm = p + 2; // add eax, 3
        }
        assertTrue(imm > 0, "found add eax, 3");
        long[] results = new long[2];
        for (int threshold : new int[] {-1, 12}) {
            GuestMemory mem = new GuestMemory(16 << 20);
            byte[] caller = Asm.assemble(CALLER);
            mem.map(CALLER_AT, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(caller), 0, "caller");
            mem.map(FUNC, 0x2000, RWX, Backing.of(java.util.Arrays.copyOf(f, 0x2000)), 0, "func");
            mem.map(0x7F0000, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "stack");
            Cpu c = new Cpu(mem);
            c.jitThreshold = threshold;
            c.r[Cpu.RSP] = 0x800000 - 64;
            c.rip = CALLER_AT;
            c.breakpoint = CALLER_AT + caller.length;
            runToBreakpoint(c);
            long first = c.r[Cpu.R12];
            mem.write(FUNC + imm, new byte[] {9});
            c.rip = CALLER_AT;
            runToBreakpoint(c);
            assertNotEquals(first, c.r[Cpu.R12], "the new immediate counts");
            results[threshold < 0 ? 0 : 1] = first * 31 + c.r[Cpu.R12];
        }
        assertEquals(results[0], results[1]);
    }

    // ---------------------------------------------------------------- breakpoint part: stops never inside translated code

    /** Rotates whose flags are dead inside the block and one whose CF is read, in a loop (regions with the head member). */
    private static final String ROTATING = """
            xor eax, eax
            mov ecx, 30
            1:
            mov edx, ecx
            rol edx, 3
            add eax, edx
            ror eax, 5
            xor eax, ecx
            rol eax, 1
            jc 2f
            add eax, 2
            2:
            sub ecx, 1
            jnz 1b
            ret
            """;

    /**
     * Runs the caller over {@code func} (at FUNC, g at FUNC + 0x800), stopping at breakpoints set at random
     * instruction boundaries of the caller, f and g (in the head and inside joined members of translated
     * regions), ending at a UD2; returns the state at every stop (stop, RIP, instruction count, registers,
     * flags), which must not depend on the tier.
     */
    private static String breakpointTrace(String func, int threshold) {
        TraceMachine m = traceMachine(func, threshold);
        // Every instruction boundary of the three pieces of code (decoded linearly: no data in between).
        java.util.List<Long> at = new java.util.ArrayList<>();
        Decoder d = new Decoder(m.cpu().mem);
        for (long[] piece : new long[][] {{CALLER_AT, m.callerLength()}, {FUNC, m.fLength()}, {FUNC + 0x800, m.gLength()}}) {
            for (long rip = piece[0]; rip < piece[0] + piece[1]; ) {
                at.add(rip);
                Insn i = new Insn();
                d.decode(rip, i);
                rip = i.nextRip;
            }
        }
        Cpu c = m.cpu();
        StringBuilder trace = new StringBuilder();
        java.util.Random pick = new java.util.Random(7);
        for (int n = 0; n < 20_000; n++) {
            long bp;
            do bp = at.get(pick.nextInt(at.size())); while (bp == c.rip);
            c.breakpoint = bp;
            Stop s = c.run(1 + pick.nextInt(300)); // short runs: most breakpoints are never reached again
            trace.append(s).append(' ').append(Long.toHexString(c.rip)).append(' ').append(c.instructions)
                    .append(' ').append(java.util.Arrays.toString(c.r)).append(' ').append(c.rflags()).append('\n');
            if (s == Stop.BREAKPOINT) assertEquals(bp, c.rip);
            else if (s != Stop.BUDGET) {
                assertEquals(Stop.ILLEGAL, s, () -> c.illegal + " " + c.fault);
                return trace.toString();
            }
        }
        throw new AssertionError("never reached the end");
    }

    @Test
    void breakpointsInsideTranslatedRegionsStopWhereTheInterpreterStops() {
        for (String func : new String[] {NESTED, loopFunc(3), ROTATING}) {
            String interp = breakpointTrace(func, -1);
            assertTrue(interp.contains("BREAKPOINT " + Long.toHexString(FUNC + 2)), "stopped inside f:\n" + func);
            for (int threshold : new int[] {0, 2, 5}) {
                long before = Cpu.jitTranslated();
                assertEquals(interp, breakpointTrace(func, threshold), "threshold " + threshold + ", f:\n" + func);
                assertTrue(Cpu.jitTranslated() > before, "blocks were translated");
            }
        }
    }
}
