package dev.binfarm.emulator.cpu.diff;

import dev.binfarm.emulator.cpu.SseCases.Form;
import dev.binfarm.emulator.cpu.SseCases.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSE cases for the shared differential harness: every form of
 * {@link dev.binfarm.emulator.cpu.SseCases} (except RCP/RSQRT, which hardware
 * only approximates and {@code SseDiffTest} compares with a tolerance), with
 * its registers renamed at random over xmm1..xmm14 and the general registers
 * (so REX.R/REX.B encodings are covered), its memory operand at a random,
 * usually aligned, address reached through random base/index registers (a
 * misaligned legacy SSE operand faults on both sides), and MXCSR set to a
 * random rounding/DAZ/FTZ mode for floating-point forms. Each snippet ends
 * with STMXCSR into the data area, so the exception flags are compared too.
 *
 * <p>The forms are AT&T text, so each snippet switches GNU as to AT&T syntax
 * and back. xmm15 carries the memory operand's value: the snippet first
 * stores it with MOVUPS.
 */
final class SseCases implements CaseGenerator {
    private static final String[] R64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
            "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final Pattern OPERAND = Pattern.compile("%xmm1\\b|%xmm2\\b|%eax\\b|%rax\\b|64\\(%rsi\\)");
    private static final int RAX = 0, RCX = 1, RDX = 2, RSP = 4, RDI = 7;
    private static final String[] CC = {"b", "be", "e", "p", "a", "np", "ne", "ae"};

    private final int perForm;

    SseCases() {
        this(24);
    }

    SseCases(int perForm) {
        this.perForm = perForm;
    }

    @Override
    public String name() {
        return "sse";
    }

    @Override
    public List<DiffCase> cases(Random r) {
        List<DiffCase> out = new ArrayList<>();
        for (Form f : dev.binfarm.emulator.cpu.SseCases.forms()) {
            if (f.approx()) continue;
            for (int c = 0; c < perForm; c++) out.add(one(f, r));
        }
        return out;
    }

    private DiffCase one(Form f, Random r) {
        DiffCase.State s = CaseSupport.state(r);
        boolean raw = f.asm().startsWith(".byte"); // fixed encoding: xmm1/xmm2 stay
        boolean str = f.kind() == Kind.STR;
        int d = raw ? 1 : 1 + r.nextInt(14);
        int src = raw ? 2 : pickOther(r, d);
        Kind vk = f.kind() == Kind.SHIFT || f.kind() == Kind.GPR || str ? (str ? Kind.STR : Kind.INT) : f.kind();

        for (int k = 0; k < 16; k++) {
            s.xmm[2 * k] = dev.binfarm.emulator.cpu.SseCases.half(vk, r);
            s.xmm[2 * k + 1] = dev.binfarm.emulator.cpu.SseCases.half(vk, r);
        }
        s.xmm[2 * src] = dev.binfarm.emulator.cpu.SseCases.related(vk, s.xmm[2 * d], s.xmm[2 * src], r);
        if (f.kind() == Kind.SHIFT) s.xmm[2 * src] = r.nextInt(4) == 0 ? dev.binfarm.emulator.cpu.SseCases.int64(r) : r.nextInt(70);
        // xmm15 is the memory operand's value
        s.xmm[30] = s.xmm[2 * src];
        s.xmm[31] = s.xmm[2 * src + 1];

        // Registers the snippet uses implicitly stay put: rsp; rax/rcx/rdx for the string compares; rdi for MASKMOVDQU.
        long avoid = 1L << RSP | 1L << RDI;
        if (str) {
            avoid |= 1L << RAX | 1L << RCX | 1L << RDX;
            s.r[RAX] = dev.binfarm.emulator.cpu.SseCases.length(r);
            s.r[RDX] = dev.binfarm.emulator.cpu.SseCases.length(r);
        }
        int g = raw ? RAX : pick(r, avoid);
        avoid |= 1L << g;
        if (f.kind() == Kind.GPR) s.r[g] = dev.binfarm.emulator.cpu.SseCases.int64(r);

        StringBuilder text = new StringBuilder(".att_syntax prefix\n");
        String mem = null;
        if (f.mem() || f.asm().contains("64(%rsi)")) { // MASKMOVDQU addresses memory through LEA
            mem = memOperand(r, s, avoid);
            text.append("movups %xmm15, ").append(mem).append('\n');
        }
        if (f.kind() == Kind.F32 || f.kind() == Kind.F64) {
            int mx = dev.binfarm.emulator.cpu.SseCases.mxcsr(r);
            if (mx != 0x1F80) text.append("movl $0x").append(Integer.toHexString(mx)).append(", -8(%rsp)\nldmxcsr -8(%rsp)\n");
        }
        // COMIS/PTEST: an integer compare's flags are live before (the compiling tier holds those in locals and
        // must hand them over first) and a SETcc reads the new flags right after, in the same block.
        boolean flagsAround = f.flags() && !str;
        if (flagsAround) text.append("cmp %").append(R64[r.nextInt(16)]).append(", %").append(R64[r.nextInt(16)]).append('\n');
        text.append(rename(f.asm(), d, src, g, mem)).append('\n');
        if (flagsAround) text.append("set").append(CC[r.nextInt(CC.length)]).append(" %cl\n");
        text.append("stmxcsr -16(%rsp)\n"); // MXCSR's exception flags land in the compared data area
        text.append(".intel_syntax noprefix");
        return DiffCase.of(text.toString(), s, 0);
    }

    private static String rename(String asm, int d, int src, int g, String mem) {
        Matcher m = OPERAND.matcher(asm);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String rep = switch (m.group()) {
                case "%xmm1" -> "%xmm" + d;
                case "%xmm2" -> "%xmm" + src;
                case "%eax" -> "%" + R32[g];
                case "%rax" -> "%" + R64[g];
                default -> mem;
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A 16-byte memory operand in the data area (aligned seven times in eight), AT&T syntax; sets the registers in {@code s}. */
    private static String memOperand(Random r, DiffCase.State s, long avoid) {
        long target = DiffRunner.DATA_ADDR + 16L * r.nextInt(4096 / 16 - 1);
        if (r.nextInt(8) == 0) target += 1 + r.nextInt(15);
        int base = pick(r, avoid);
        long disp = r.nextInt(3) == 0 ? 0 : r.nextInt(512) - 256;
        long rest = target - disp;
        String index = "";
        if (r.nextInt(3) == 0) {
            int ix = pick(r, avoid | 1L << base);
            int scale = r.nextInt(4);
            long iv = r.nextInt(64) - 32;
            s.r[ix] = iv;
            rest -= iv << scale;
            index = ",%" + R64[ix] + "," + (1 << scale);
        }
        s.r[base] = rest;
        return (disp == 0 ? "" : Long.toString(disp)) + "(%" + R64[base] + index + ")";
    }

    private static int pick(Random r, long avoid) {
        while (true) {
            int n = r.nextInt(16);
            if ((avoid & (1L << n)) == 0) return n;
        }
    }

    private static int pickOther(Random r, int d) {
        while (true) {
            int n = 1 + r.nextInt(14);
            if (n != d) return n;
        }
    }
}
