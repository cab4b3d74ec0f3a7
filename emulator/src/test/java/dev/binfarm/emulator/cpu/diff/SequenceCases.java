package dev.binfarm.emulator.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.binfarm.emulator.cpu.diff.CaseSupport.*;

/**
 * Random short instruction sequences mixing flag producers and flag consumers,
 * so lazily evaluated flags are read in every order: INC/DEC keeping an older
 * CF, ADC/SBB chains, SETcc/CMOVcc/Jcc/PUSHF/LAHF/RCL after each kind of op.
 * Only the last instruction's undefined flags matter (earlier ones are either
 * overwritten or read by a consumer whose inputs are defined).
 */
final class SequenceCases implements CaseGenerator {
    private final int count;

    SequenceCases() {
        this(12000);
    }

    SequenceCases(int count) {
        this.count = count;
    }

    @Override
    public String name() {
        return "sequence";
    }

    /** Producers whose every flag is defined (so a consumer after them reads defined values). */
    private static final String[] PRODUCERS = {"add %a, %b", "sub %a, %b", "adc %a, %b", "sbb %a, %b", "cmp %a, %b",
            "inc %a", "dec %a", "neg %a", "add %a, 1", "sub %a, -1", "cmp %a, 0", "xadd %a, %b", "cmpxchg %a, %b", "stc", "clc",
            "cmc", "sahf", "popcnt %a, %b"};
    /** Producers that leave only AF undefined (shifts by one define OF). */
    private static final String[] LOGIC = {"and %a, %b", "or %a, %b", "xor %a, %b", "test %a, %b", "and %a, 0x7f",
            "shl %a, 1", "shr %a, 1", "sar %a, 1", "sal %a, 1"};
    /** Consumers of one or more flags (they read CF/ZF/SF/OF/PF, never AF). */
    private static final String[] CONSUMERS = {"adc %a, %b", "sbb %a, %b", "set%c cl", "cmov%c %a, %b", "rcl %a, 1",
            "rcr %a, 1", "j%c 1f\ninc rdi\n1:", "inc %a", "dec %a", "lahf",
            "pushfq\npop rsi\nand esi, 0x8c5\nmov qword ptr [rsp - 8], rsi"}; // the raw pushed copy would show AF

    @Override
    public List<DiffCase> cases(Random r) {
        List<DiffCase> out = new ArrayList<>();
        String[] cc = IntCases.CC;
        for (int c = 0; c < count; c++) {
            DiffCase.State s = state(r);
            int size = new int[] {2, 4, 8, 8}[r.nextInt(4)];
            StringBuilder sb = new StringBuilder();
            int len = 2 + r.nextInt(3);
            long undef = 0;
            for (int k = 0; k < len; k++) {
                boolean consumer = k > 0 && r.nextBoolean();
                boolean logic = !consumer && r.nextInt(4) == 0;
                String t = consumer ? CONSUMERS[r.nextInt(CONSUMERS.length)]
                        : logic ? LOGIC[r.nextInt(LOGIC.length)] : PRODUCERS[r.nextInt(PRODUCERS.length)];
                if (t.equals("lahf") || t.equals("sahf")) {
                    // AF travels through AH: only safe when AF is defined
                    if (undef != 0) t = "stc";
                }
                int a = pickOperand(r), b = pickOperand(r);
                t = t.replace("%a", reg(size, a)).replace("%b", reg(size, b)).replace("%c", cc[r.nextInt(16)]);
                sb.append(t).append('\n');
                if (logic || t.startsWith("pushfq")) undef = IntCases.AF; // the pushf snippet ends in an AND
                else if (t.startsWith("rcl") || t.startsWith("rcr")) undef = undef | 0; // count 1: OF defined
                else if (t.equals("stc") || t.equals("clc") || t.equals("cmc")) undef = undef | 0; // CF only: AF stays as it was
                else if (!consumer || t.startsWith("adc") || t.startsWith("sbb") || t.startsWith("inc") || t.startsWith("dec")) undef = 0;
            }
            out.add(DiffCase.of(sb.toString().trim(), s, undef));
        }
        return out;
    }

    /** Operand registers: anything but RSP, RCX (SETcc target), RSI and RDI (used by consumers). */
    private static int pickOperand(Random r) {
        int[] regs = {0, 2, 3, 5, 8, 9, 10, 11, 12, 13, 14, 15};
        return regs[r.nextInt(regs.length)];
    }
}
