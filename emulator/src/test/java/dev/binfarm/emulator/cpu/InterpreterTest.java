package dev.binfarm.emulator.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class InterpreterTest {
    @Test
    void sumsALoop() {
        Cpu c = new Machine("""
                xor eax, eax
                mov ecx, 100
                1: add rax, rcx
                dec ecx
                jnz 1b
                """).run();
        assertEquals(5050, c.r[Cpu.RAX]);
        assertEquals(0, c.r[Cpu.RCX]);
    }

    @Test
    void callsAndReturns() {
        Cpu c = new Machine("""
                mov edi, 10
                call fib
                jmp done
                fib:
                cmp edi, 2
                jb 2f
                push rdi
                dec edi
                call fib
                pop rdi
                push rax
                sub edi, 2
                call fib
                pop rcx
                add rax, rcx
                ret
                2: mov eax, edi
                ret
                done:
                """).run();
        assertEquals(55, c.r[Cpu.RAX]);
        assertEquals(Machine.STACK_TOP - 64, c.r[Cpu.RSP]);
    }

    @Test
    void memoryOperandsAndStrings() {
        Cpu c = new Machine("""
                mov rdi, 0x600000
                mov rcx, 16
                mov al, 0x41
                rep stosb
                mov rsi, 0x600000
                mov rdi, 0x600100
                mov ecx, 4
                rep movsd
                mov rax, [0x600108]
                mov rbx, 0x600000
                add qword ptr [rbx + 8*1 + 0x100], 1
                mov rdx, [rbx + 0x108]
                """).run();
        assertEquals(0x4141414141414141L, c.r[Cpu.RAX]);
        assertEquals(0x4141414141414142L, c.r[Cpu.RDX]);
    }

    @Test
    void divideByZeroStopsPrecisely() {
        Machine m = new Machine("""
                xor ecx, ecx
                mov eax, 7
                div ecx
                """);
        assertEquals(Stop.DIVIDE, m.cpu.run(1000));
        assertEquals(Machine.CODE + 7, m.cpu.faultRip);
        assertEquals(7, m.cpu.r[Cpu.RAX]);
    }

    @Test
    void faultingPushLeavesStateIntact() {
        Machine m = new Machine("""
                mov rsp, 0x10008
                push rax
                """);
        assertEquals(Stop.FAULT, m.cpu.run(1000));
        assertEquals(0x10008, m.cpu.r[Cpu.RSP]);
        assertEquals(Machine.CODE + 7, m.cpu.faultRip);
        assertEquals(0x10000, m.cpu.fault.address());
    }

    @Test
    void undefinedOpcodeStopsAfterRunningEverythingBeforeIt() {
        Machine m = new Machine(new byte[] {(byte) 0xB8, 1, 0, 0, 0, 0x0F, 0x04});
        m.cpu.breakpoint = -1;
        assertEquals(Stop.ILLEGAL, m.cpu.run(1000));
        assertEquals(1, m.cpu.r[Cpu.RAX]);
        assertEquals(Machine.CODE + 5, m.cpu.faultRip);
        assertEquals("unimplemented instruction 0f 04 at 0x400005", m.cpu.illegal);
    }

    @Test
    void syscallPassesControlWithLinuxRegisterConventions() {
        Machine m = new Machine("""
                mov eax, 60
                syscall
                """);
        m.cpu.syscalls = cpu -> {
            assertEquals(60, cpu.r[Cpu.RAX]);
            assertEquals(Machine.CODE + 7, cpu.rip);
            assertEquals(Machine.CODE + 7, cpu.r[Cpu.RCX]);
            assertEquals(1, cpu.instructions, "the count is exact at a syscall: the mov has retired");
            cpu.halt();
        };
        m.cpu.breakpoint = -1;
        assertEquals(Stop.HALT, m.cpu.run(1000));
    }

    @Test
    void cpuidReportsTheModel() {
        Cpu c = new Machine("""
                xor eax, eax
                cpuid
                mov r8, rbx
                mov r9, rdx
                mov r10, rcx
                mov eax, 1
                cpuid
                """).run();
        assertEquals(0x756e6547L, c.r[Cpu.R8]); // "Genu"
        assertEquals(0x49656e69L, c.r[Cpu.R9]); // "ineI"
        assertEquals(0x6c65746eL, c.r[Cpu.R10]); // "ntel"
        assertEquals(Cpuid.LEAF1_EDX, (int) c.r[Cpu.RDX]);
        assertEquals(0, c.r[Cpu.RCX] & Cpuid.ECX_SSE42);
    }

    @Test
    void fsAndGsOverridesAddTheirBases() {
        Machine m = new Machine("""
                mov rax, qword ptr fs:[0x28]
                mov qword ptr gs:[8], rax
                mov rcx, qword ptr [0x600108]
                """);
        m.cpu.fsBase = 0x600000;
        m.cpu.gsBase = 0x600100;
        m.mem.write64(0x600028, 0xC0FFEE);
        Cpu c = m.run();
        assertEquals(0xC0FFEE, c.r[Cpu.RAX]);
        assertEquals(0xC0FFEE, c.r[Cpu.RCX]);
    }

    @Test
    void rdtscIsDeterministicAndMonotonic() {
        Cpu a = new Machine("rdtsc\nmov r8, rax\nnop\nnop\nrdtsc").run();
        Cpu b = new Machine("rdtsc\nmov r8, rax\nnop\nnop\nrdtsc").run();
        assertEquals(a.r[Cpu.RAX], b.r[Cpu.RAX]);
        assertTrue(a.r[Cpu.RAX] > a.r[Cpu.R8]);
    }

    @Test
    void breakpointInTheMiddleOfABlockStopsBeforeThatInstruction() {
        Machine m = new Machine("inc eax\ninc eax\ninc eax\ninc eax");
        m.cpu.breakpoint = Machine.CODE + 4;
        assertEquals(Stop.BREAKPOINT, m.cpu.run(100));
        assertEquals(2, m.cpu.r[Cpu.RAX]);
        assertEquals(Machine.CODE + 4, m.cpu.rip);
        assertEquals(2, m.cpu.instructions);
    }

    @Test
    void budgetStopsLongLoopsAndRunResumes() {
        Machine m = new Machine("mov ecx, 100000\n1: dec ecx\njnz 1b");
        assertEquals(Stop.BUDGET, m.cpu.run(1000));
        assertTrue(m.cpu.instructions >= 1000 && m.cpu.instructions < 1200);
        assertEquals(Stop.BREAKPOINT, m.cpu.run(1_000_000));
        assertEquals(0, m.cpu.r[Cpu.RCX]);
        assertEquals(200001, m.cpu.instructions);
    }

    @Test
    void int3StopsPastTheInstruction() {
        Machine m = new Machine("inc eax\nint3\ninc eax");
        assertEquals(Stop.TRAP, m.cpu.run(100));
        assertEquals(Machine.CODE + 3, m.cpu.rip);
        assertEquals(1, m.cpu.r[Cpu.RAX]);
    }

    @Test
    void hltFaultsLikeLinuxDoes() {
        Machine m = new Machine("nop\nhlt");
        assertEquals(Stop.FAULT, m.cpu.run(100));
        assertEquals(Machine.CODE + 1, m.cpu.faultRip);
    }

    @Test
    void ud2StopsAsIllegalAtItsAddress() {
        Machine m = new Machine(new byte[] {(byte) 0x90, 0x0F, 0x0B});
        m.cpu.breakpoint = -1;
        assertEquals(Stop.ILLEGAL, m.cpu.run(100));
        assertEquals("ud2 at 0x400001", m.cpu.illegal);
    }
}
