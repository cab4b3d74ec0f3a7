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
}
