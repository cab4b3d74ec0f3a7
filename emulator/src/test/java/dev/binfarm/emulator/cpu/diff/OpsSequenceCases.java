package dev.binfarm.emulator.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.binfarm.emulator.cpu.diff.CaseSupport.*;

/**
 * Short sequences around the instructions the compiling tier emits through its "ops" part (one-operand
 * MUL/IMUL/DIV/IDIV, BSWAP, BT*, bit scans, XCHG/CMPXCHG/XADD, PUSH imm, LEAVE), so they meet the
 * translator's state the single-instruction cases never show it: flags still in locals from an earlier
 * producer (read by a consumer after a flag-neutral op or a BT), registers assigned earlier in the same
 * block, several of them in a row, and a divide error part-way (the state at the fault must be exact).
 */
final class OpsSequenceCases implements CaseGenerator {
    private final int count;

    OpsSequenceCases() {
        this(2400);
    }

    OpsSequenceCases(int count) {
        this.count = count;
    }

    @Override
    public String name() {
        return "ops-sequence";
    }

    private static final long CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800, ALL = CF | PF | AF | ZF | SF | OF;

    /** Producers whose every flag is defined. */
    private static final String[] PRODUCERS = {"add %a, %b", "sub %a, %b", "cmp %a, %b", "neg %a", "cmp %a, 0",
            "xadd %a, %b", "cmpxchg %a, %b", "and %a, %b", "test %a, %b", "inc %a", "dec %a"};
    /** Instructions that leave every flag alone. */
    private static final String[] NEUTRAL = {"bswap %a", "xchg %a, %b", "push 0x5a\npop %A", "push -3\npop %A",
            "xchg %a, %m", "lea %a, [%B + 8]"};
    /** Consumers of any flag. */
    private static final String[] CONSUMERS = {"set%c cl", "cmov%c %a, %b", "j%c 1f\ninc rdi\n1:", "adc %a, %b", "sbb %a, %b",
            "pushfq\npop rsi\nand esi, 0x8d5"};
    /** BT forms: CF is the bit, ZF is kept, OF/SF/AF/PF are undefined on paper. */
    private static final String[] BIT_TESTS = {"bt %a, %b", "bts %a, %b", "btr %a, %b", "btc %a, %b",
            "bt %a, %i", "bts %a, %i", "btr %a, %i", "btc %a, %i"};
    /** Condition codes that read only CF and ZF. */
    private static final String[] CF_ZF = {"b", "ae", "e", "ne", "be", "a"};
    /** Register-writing instructions of the part, mixed into runs. */
    private static final String[] WORK = {"mul %a", "imul %a", "xor edx, edx\ndiv %a", "cqo\nidiv %a", "bswap %a",
            "bsf %a, %b", "bsr %a, %b", "tzcnt %a, %b", "lzcnt %a, %b", "popcnt %a, %b", "xchg %a, %b", "xadd %a, %b",
            "cmpxchg %a, %b", "xadd %m, %a", "cmpxchg %m, %a", "mul %m", "imul %m", "add %a, %b", "push 7\npop %A",
            "imul %a, %b", "imul %a, %m", "imul %a, %b, -7"};

    @Override
    public List<DiffCase> cases(Random r) {
        List<DiffCase> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            DiffCase.State s = state(r);
            // %m is [rsi + disp]: RSI is no operand, so it still points into the data area when %m is used
            s.r[6] = DiffRunner.DATA_ADDR + 256 + (r.nextBoolean() ? 8 * r.nextInt(256) : r.nextInt(2048));
            int size = r.nextBoolean() ? 4 : 8;
            StringBuilder sb = new StringBuilder();
            long undef;
            switch (c % 4) {
                case 0 -> {
                    // producer, flag-neutral op(s), consumer: the flags must survive the ops in the middle
                    sb.append(fill(PRODUCERS[r.nextInt(PRODUCERS.length)], r, size));
                    for (int k = 1 + r.nextInt(2); k > 0; k--) sb.append(fill(NEUTRAL[r.nextInt(NEUTRAL.length)], r, size));
                    String t = CONSUMERS[r.nextInt(CONSUMERS.length)];
                    sb.append(fill(t, r, size).replace("%c", IntCases.CC[r.nextInt(16)]));
                    undef = t.startsWith("pushfq") ? AF : 0;
                }
                case 1 -> {
                    // producer, BT, a consumer of CF or ZF (or ADC/SBB, whose own flags are all defined)
                    sb.append(fill(PRODUCERS[r.nextInt(PRODUCERS.length)], r, size));
                    sb.append(fill(BIT_TESTS[r.nextInt(BIT_TESTS.length)], r, size));
                    String t = CONSUMERS[r.nextInt(CONSUMERS.length - 1)];
                    sb.append(fill(t, r, size).replace("%c", CF_ZF[r.nextInt(CF_ZF.length)]));
                    undef = t.startsWith("adc") || t.startsWith("sbb") ? 0 : OF | SF | AF | PF;
                }
                case 2 -> {
                    // a run of the part's instructions, then CMP so every flag is defined at the end, and a Jcc:
                    // the block holding the end of a snippet (the stop) runs interpreted, so the run must end
                    // its own block to be translated
                    for (int k = 2 + r.nextInt(3); k > 0; k--) sb.append(fill(WORK[r.nextInt(WORK.length)], r, size));
                    sb.append(fill("cmp %a, %b", r, size));
                    sb.append("j").append(IntCases.CC[r.nextInt(16)]).append(" 1f\ninc rdi\n1:\n");
                    // a division may stop the run with #DE before the CMP, leaving the flags of MUL, DIV or a scan
                    undef = sb.indexOf("div") >= 0 ? ALL : 0;
                }
                default -> {
                    // registers changed in the block, then a division that may fault: the state at #DE must be exact
                    sb.append(fill("add %a, %b", r, size)).append(fill("bswap %a", r, size));
                    if (r.nextBoolean()) sb.append(fill("xchg %a, %b", r, size));
                    int d = pickOperand(r);
                    if (r.nextInt(3) == 0) s.r[d] &= ~mask(size); // a zero divisor
                    boolean signed = r.nextBoolean();
                    String div = (signed ? "idiv " : "div ") + reg(size, d);
                    if (r.nextBoolean()) div = (signed ? (size == 8 ? "cqo\n" : "cdq\n") : "xor edx, edx\n") + div;
                    sb.append(div).append('\n');
                    undef = ALL;
                }
            }
            out.add(DiffCase.of(sb.toString().trim(), s, undef));
        }
        return out;
    }

    /**
     * Fills %a, %b (registers at {@code size}), %A and %B (their 64-bit names), %i (a bit number), %m (memory
     * at RSI); CQO becomes CDQ at 4 bytes.
     */
    private static String fill(String t, Random r, int size) {
        int a = pickOperand(r), b = pickOperand(r);
        long disp = r.nextInt(257) - 128;
        String m = ptr(size) + " [rsi" + (disp < 0 ? " - " : " + ") + Math.abs(disp) + "]";
        if (size == 4) t = t.replace("cqo", "cdq");
        return t.replace("%m", m).replace("%a", reg(size, a)).replace("%A", reg(8, a)).replace("%b", reg(size, b))
                .replace("%B", reg(8, b)).replace("%i", Integer.toString(r.nextInt(256))) + "\n";
    }

    /** Operand registers: anything but RSP, RCX (SETcc target), RSI and RDI (used by consumers). */
    private static int pickOperand(Random r) {
        int[] regs = {0, 2, 3, 5, 8, 9, 10, 11, 12, 13, 14, 15};
        return regs[r.nextInt(regs.length)];
    }
}
