package dev.binfarm.emulator.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.binfarm.emulator.cpu.diff.CaseSupport.*;

/**
 * Encodings an assembler does not choose but compilers, hand-written assembly
 * and padding do: redundant and ignored prefixes, REX on byte operations,
 * branch hints, BND/NOTRACK, long NOPs, unusual SIB forms. Written as raw bytes.
 */
final class EncodingCases implements CaseGenerator {
    private final int n;

    EncodingCases() {
        this(40);
    }

    EncodingCases(int perForm) {
        this.n = perForm;
    }

    @Override
    public String name() {
        return "encoding";
    }

    private static final String[] SNIPPETS = {
            ".byte 0x66, 0x66, 0x90",                                   // data16 data16 nop
            ".byte 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0",        // nopw cs:[rax+rax]
            ".byte 0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0",
            ".byte 0x0f, 0x1f, 0x80, 0, 0, 0, 0",                       // nopl [rax+0]
            ".byte 0x0f, 0x1f, 0x44, 0, 0",
            ".byte 0x0f, 0x18, 0x08",                                   // prefetcht0 [rax]: no access
            ".byte 0x0f, 0x0d, 0x08",                                   // prefetchw [rax]
            ".byte 0x66, 0x90",                                         // xchg ax, ax
            ".byte 0xf3, 0x90",                                         // pause
            "call 1f\njmp 2f\n1: .byte 0xf3, 0xc3\n2:",                 // rep ret
            "call 1f\njmp 2f\n1: .byte 0xf2, 0xc3\n2:",                 // bnd ret
            ".byte 0xf2, 0xeb, 0x02\nud2",                              // bnd jmp over the ud2
            "lea rax, [rip + 1f]\n.byte 0x3e, 0xff, 0xe0\nud2\n1:",     // notrack jmp rax
            "lea rax, [rip + 1f]\n.byte 0xf2, 0xff, 0xd0\n1:",          // bnd call rax
            ".byte 0x2e, 0x74, 0x02\ninc eax",                          // je with a not-taken hint
            ".byte 0x3e, 0x75, 0x02\ninc eax",                          // jne with a taken hint
            ".byte 0x2e, 0x0f, 0x84, 2, 0, 0, 0\ninc eax",
            ".byte 0x48, 0x00, 0xc1",                                   // REX.W on a byte add: add cl, al
            ".byte 0x40, 0x88, 0xe0",                                   // mov al, spl (REX selects spl over ah)
            ".byte 0x88, 0xe0",                                         // mov al, ah
            ".byte 0x41, 0x88, 0xe0",                                   // mov r8b, spl
            ".byte 0x66, 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 0x88",        // REX.W beats 66: movabs rax
            ".byte 0x48, 0x66, 0x05, 0x34, 0x12",                       // REX before 66 is ignored: add ax, 0x1234
            ".byte 0xf3, 0x48, 0x01, 0xd8",                             // stray rep on add rax, rbx
            ".byte 0xf2, 0x48, 0x0f, 0xaf, 0xc3",                       // stray repne on imul rax, rbx
            ".byte 0x26, 0x36, 0x48, 0x01, 0xd8",                       // ignored es/ss overrides
            ".byte 0x40, 0x90",                                         // rex nop
            ".byte 0x49, 0x90",                                         // xchg r8, rax
            ".byte 0x48, 0x98",                                         // cdqe
            ".byte 0x66, 0x98",                                         // cbw
            ".byte 0x66, 0x99",                                         // cwd
            ".byte 0x48, 0xc1, 0xf0, 0x05",                             // C1 /6: undocumented alias of SHL
            ".byte 0xd0, 0xf1",                                         // D0 /6 on cl
            ".byte 0x0f, 0x1f, 0x00",
            "mov eax, cs\nmov ebx, ss\nmov ecx, ds\nmov edx, es\nmov r8d, fs\nmov r9d, gs",
            "mov rax, cs\nmov bx, ss",
            "lea rbx, [rsp - 64]\nmov word ptr [rbx], cs\nmov word ptr [rbx + 2], ss",
            ".byte 0x66, 0x0f, 0xc8",                                   // bswap ax: undefined on paper, zero on Intel
            ".byte 0x66, 0x41, 0x0f, 0xcb",                             // bswap r11w
            "lea rbx, [rsp - 64]\n.byte 0x3e, 0x48, 0x8b, 0x03",        // mov rax, ds:[rbx]
            "lea rbx, [rsp - 64]\n.byte 0x48, 0x8b, 0x04, 0x64",        // mov rax, [rsp] with a scaled none-index
            "lea rbp, [rsp - 64]\n.byte 0x48, 0x8b, 0x44, 0x25, 0x08",  // mov rax, [rbp + 8] through a SIB
            "lea rbx, [rsp - 64]\nmov ecx, 2\n.byte 0x48, 0x8b, 0x44, 0x8b, 0xf8", // mov rax, [rbx + rcx*4 - 8]
            "lea rbx, [rsp - 64]\n.byte 0xf0, 0x48, 0x01, 0x0b",        // lock add [rbx], rcx
            "lea rbx, [rsp - 64]\n.byte 0x67, 0x48, 0x8b, 0x03",        // addr32 mov rax, [ebx]
            "mov ecx, 3\n.byte 0x67, 0xe3, 0x02\ninc eax",              // jecxz
            "xor ecx, ecx\n.byte 0x67, 0xe2, 0x02\ninc eax",            // loop with ecx: wraps to 0xffffffff
            // gs: overrides (the harness sets the GS base inside the data area; FS is the oracle's TLS, so not here)
            "mov rax, qword ptr gs:[0x10]",
            "mov qword ptr gs:[0x18], rcx",
            "and ebx, 0x3f8\nadd dword ptr gs:[rbx], ecx",
            "and ebx, 0x3f8\nlock xadd qword ptr gs:[rbx + 8], rdx",
            "and ebx, 0x3f8\nmov eax, dword ptr gs:[rbx*2 + 4]",
            "mov ebx, 0x20\ngs xlatb",
            "lea rsi, [rip]\nand esi, 0x3f0\ngs lodsq",
            "lea rsi, [rip]\nand esi, 0x3f0\nlea rdi, [rsp - 256]\nmov ecx, 9\ngs rep movsb",
    };

    @Override
    public List<DiffCase> cases(Random r) {
        List<DiffCase> out = new ArrayList<>();
        for (String snippet : SNIPPETS) {
            for (int c = 0; c < n; c++) {
                DiffCase.State s = state(r);
                s.r[0] = DiffRunner.DATA_ADDR + r.nextInt(2048); // [rax] forms stay harmless
                long undefined = snippet.contains("0x0f, 0xaf") ? IntCases.SF | IntCases.ZF | IntCases.AF | IntCases.PF
                        : snippet.contains("0xc1, 0xf0") ? IntCases.AF | IntCases.OF // a shift by 5
                        : snippet.contains("0xd0, 0xf1") ? IntCases.AF : 0;
                out.add(DiffCase.of(snippet, s, undefined));
            }
        }
        return out;
    }
}
