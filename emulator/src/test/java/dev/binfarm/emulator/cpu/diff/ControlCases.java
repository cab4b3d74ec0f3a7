package dev.binfarm.emulator.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.binfarm.emulator.cpu.diff.CaseSupport.*;

/** Stack and control transfer: push/pop in all forms, call/ret, enter/leave, loops, indirect jumps, pushf/popf. */
final class ControlCases implements CaseGenerator {
    private final int n;

    ControlCases() {
        this(150);
    }

    ControlCases(int perForm) {
        this.n = perForm;
    }

    @Override
    public String name() {
        return "control";
    }

    @Override
    public List<DiffCase> cases(Random r) {
        List<DiffCase> out = new ArrayList<>();
        String[] fixed = {
                "push rax\npop rbx",
                "push r12\npop r13",
                "push ax\npop bx",
                "push -5\npop rax",
                "push 0x12345678\npop rcx",
                "pushw 0x1234\npop ax",
                "push qword ptr [rsp + 8]\npop qword ptr [rsp + 16]",
                "pop qword ptr [rsp]",
                "pop qword ptr [rsp + 8]",
                "push rsp\npop rax",
                "pop rsp",
                "pushfq\npop rax",
                "call 1f\n1: pop rax",
                "call 1f\njmp 2f\n1: ret\n2:",
                "call 1f\njmp 2f\n1: ret 24\n2:",
                "lea rax, [rip + 1f]\ncall rax\n1:",
                "lea rax, [rip + 1f]\njmp rax\nud2\n1:",
                "lea rax, [rip + 1f]\nmov [rsp + 8], rax\njmp qword ptr [rsp + 8]\nud2\n1:",
                "lea rax, [rip + 1f]\nmov [rsp + 8], rax\ncall qword ptr [rsp + 8]\n1:",
                "mov rbp, rsp\nsub rsp, 32\nleave",
                "enter 16, 0",
                "enter 32, 1",
                "mov rbp, rsp\nenter 8, 3",
                "mov ecx, 5\n1: inc eax\nloop 1b",
                "mov ecx, 7\n1: inc eax\ncmp eax, 3\nloopne 1b",
                "mov ecx, 7\n1: add eax, 0\nloope 1b",
                "xor ecx, ecx\njrcxz 1f\ninc eax\n1:",
                "mov ecx, 1\njrcxz 1f\ninc eax\n1:",
                "jecxz 1f\ninc eax\n1:",
                "jmp 1f\nud2\n1:",
                "jmp 1f\n.fill 300, 1, 0xcc\n1:",
                "xchg rax, rax\nxchg r8, rax\nxchg ax, cx\nxchg eax, edx",
        };
        for (String f : fixed) {
            for (int c = 0; c < n; c++) {
                DiffCase.State s = state(r);
                if (f.equals("pop rsp")) s.r[RSP] &= ~7L;
                out.add(DiffCase.of(f, s, 0));
            }
        }
        // POPF with random status flags and DF.
        for (int c = 0; c < 4 * n; c++) {
            DiffCase.State s = state(r);
            s.r[0] = randomFlags(r) | (r.nextBoolean() ? 0x400 : 0) | 0x202;
            out.add(DiffCase.of("push rax\npopfq\npushfq\npop rbx\ncld", s, 0));
        }
        for (int c = 0; c < n; c++) {
            DiffCase.State s = state(r);
            s.r[0] = randomFlags(r) | 0x202;
            out.add(DiffCase.of("push ax\npopfw", s, 0));
        }
        // Push/pop of every register, 64 and 16 bits.
        for (int reg = 0; reg < 16; reg++) {
            for (int c = 0; c < n / 4; c++) {
                out.add(DiffCase.of("push " + reg(8, reg) + "\npop " + reg(8, (reg + 3) % 16 == 4 ? 5 : (reg + 3) % 16), state(r), 0));
                if (reg != 4) out.add(DiffCase.of("push " + reg(2, reg) + "\npop " + reg(2, (reg + 5) % 16 == 4 ? 6 : (reg + 5) % 16), state(r), 0));
            }
        }
        return out;
    }
}
