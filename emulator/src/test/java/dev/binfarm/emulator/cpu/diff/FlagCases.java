package dev.binfarm.emulator.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.binfarm.emulator.cpu.diff.CaseSupport.*;

/**
 * Random sequences around the flag paths of the compiled tier: ROL/ROR by an
 * immediate or CL between a flag producer and its consumers (the rotate's CF/OF laid
 * over an older record), rotate chains, ADC/SBB in every form (register,
 * immediate, memory either side, every size) reading the carry of each kind of
 * producer and chained, INC/DEC of registers, byte registers and memory keeping
 * an older CF. Consumers never read a flag the sequence left undefined.
 */
final class FlagCases implements CaseGenerator {
    private final int count;

    FlagCases() {
        this(8000);
    }

    FlagCases(int count) {
        this.count = count;
    }

    @Override
    public String name() {
        return "flags";
    }

    /** Producers that define every flag; %m is the case's memory operand, %i an immediate, %s a sign-extended imm8. */
    private static final String[] FULL = {"add %a, %b", "sub %a, %m", "cmp %m, %a", "neg %a", "sub %a, %i",
            "adc %a, %b", "sbb %a, %b", "adc %a, %i", "sbb %a, %i", "adc %m, %a", "sbb %m, %a", "adc %a, %m", "sbb %a, %m",
            "adc %m, %i", "sbb %m, %i", "adc %a, %s", "sbb %m, %s", "adc %a, %a", "sbb %a, %a",
            "inc %a", "dec %a", "inc %m", "dec %m", "add %m, %i"};
    /** Producers that leave AF undefined. */
    private static final String[] LOGIC = {"and %a, %b", "xor %a, %m", "or %m, %i", "test %a, %b", "shl %a, 1", "shr %a, 1", "sar %a, 1",
            "shr %a, 3", "shl %a, 5"};
    private static final String[] ROTATES = {"rol", "ror"};

    /** Operand registers: RAX, RDX, RBX, RBP, R8..R11 (RCX is the consumers' scratch, the rest may address memory). */
    private static final int[] WIDE = {0, 2, 3, 5, 8, 9, 10, 11};
    /** Byte operands without REX (so they mix with AH..BH and a legacy memory operand). */
    private static final int[] BYTES = {0, 2, 3, AH, AH + 2, AH + 3};

    @Override
    public List<DiffCase> cases(Random r) {
        List<DiffCase> out = new ArrayList<>();
        String[] cc = IntCases.CC;
        for (int c = 0; c < count; c++) {
            DiffCase.State s = state(r);
            int size = SIZES[r.nextInt(4)];
            long avoid = 1L << 1;
            for (int n : size == 1 ? new int[] {0, 2, 3} : WIDE) avoid |= 1L << n;
            String memory = mem(r, s, size, avoid, size == 1);
            StringBuilder sb = new StringBuilder();
            int len = 2 + r.nextInt(4);
            long undef = 0;
            for (int k = 0; k < len; k++) {
                int kind = r.nextInt(20);
                String t;
                if (kind < 2) {
                    // By CL (set just before: the consumers use RCX as scratch); the count decides whether OF is defined.
                    int cnt = r.nextInt(4) == 0 ? size * 8 : r.nextInt(256);
                    t = "mov ecx, " + cnt + "\n" + ROTATES[r.nextInt(2)] + " %a, cl";
                    undef |= IntCases.shiftUndefined(0, size, cnt);
                } else if (kind < 7) {
                    int cnt = r.nextBoolean() ? 1 : r.nextInt(4) == 0 ? size * 8 : r.nextInt(256);
                    t = ROTATES[r.nextInt(2)] + " %a, " + cnt;
                    undef |= IntCases.shiftUndefined(0, size, cnt);
                } else if (kind < 13 || k == 0) {
                    t = FULL[r.nextInt(FULL.length)];
                    undef = 0;
                } else if (kind < 15) {
                    t = LOGIC[r.nextInt(LOGIC.length)];
                    undef = IntCases.AF | (t.endsWith(", 3") || t.endsWith(", 5") ? IntCases.OF : 0);
                } else {
                    // Consumers: conditions that read OF only while it is defined.
                    int cond = (undef & IntCases.OF) != 0 ? 2 + r.nextInt(10) : r.nextInt(16);
                    t = switch (r.nextInt(size == 1 ? 5 : 6)) {
                        case 0 -> "set%c cl".replace("%c", cc[cond]);
                        case 1 -> "j%c 1f\ninc ecx\n1:".replace("%c", cc[cond]);
                        case 2 -> "pushfq\npop rcx\nand ecx, " + hex(0x8c5 & ~undef) + "\nmov qword ptr [rsp - 8], rcx";
                        case 3 -> r.nextBoolean() ? "rcl %a, 1" : "rcr %a, 1";
                        case 4 -> (undef & IntCases.AF) == 0 && size != 1 ? "lahf" : "adc %a, %b";
                        default -> "cmov%c %a, %b".replace("%c", cc[cond]);
                    };
                    if (t.startsWith("pushfq")) undef = IntCases.AF;
                    else if (t.startsWith("rc")) undef &= ~(IntCases.CF | IntCases.OF);
                    else if (t.startsWith("adc")) undef = 0;
                }
                int[] regs = size == 1 ? BYTES : WIDE;
                String imm = size == 8 ? Long.toString((int) value(r, 8)) : hex(value(r, size) & mask(size));
                t = t.replace("%a", reg(size, regs[r.nextInt(regs.length)])).replace("%b", reg(size, regs[r.nextInt(regs.length)]))
                        .replace("%m", memory).replace("%i", imm)
                        .replace("%s", size == 1 ? imm : Integer.toString(r.nextInt(256) - 128));
                sb.append(t).append('\n');
            }
            out.add(DiffCase.of(sb.toString().trim(), s, undef));
        }
        return out;
    }
}
