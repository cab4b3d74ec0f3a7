package dev.binfarm.emulator.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.binfarm.emulator.cpu.diff.CaseSupport.*;

/**
 * The memory path itself, where the other generators never go: accesses at the
 * edges of the data page (crossing into the unmapped pages around it: the fault
 * must be precise, a store must change nothing), accesses that straddle the two
 * code pages (a page-crossing access that succeeds), stores into the snippet's
 * own code page (self-modifying code detection) read back, and alternation
 * between the data and the code page, whose addresses share a software TLB slot
 * (0x10000000 and 0x20000000 are a multiple of 256 pages apart), so hits,
 * misses and evictions all happen within one snippet. PUSH and POP with RSP at
 * the data page's edges too.
 */
final class MemoryCases implements CaseGenerator {
    private static final long DATA = DiffRunner.DATA_ADDR, CODE = DiffRunner.CODE_ADDR;
    /** Registers holding addresses (never written by a snippet). */
    private static final int[] BASES = {3, 5, 12};
    /** Registers the snippets load into and store from. */
    private static final int[] VALUES = {0, 1, 2, 6, 7, 8, 9, 10, 11, 13, 14, 15};

    private final int count;

    MemoryCases() {
        this(6000);
    }

    MemoryCases(int count) {
        this.count = count;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<DiffCase> cases(Random r) {
        List<DiffCase> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            DiffCase.State s = state(r);
            if (r.nextInt(6) == 0) {
                out.add(DiffCase.of(stackEdge(r, s), s, 0));
                continue;
            }
            for (int b : BASES) s.r[b] = target(r);
            StringBuilder sb = new StringBuilder();
            int len = 1 + r.nextInt(5);
            for (int k = 0; k < len; k++) sb.append(access(r)).append('\n');
            // Read back what the snippet may have stored (into the code pages too, which are not compared).
            int size = SIZES[r.nextInt(4)];
            String dst = reg(size == 8 ? 8 : 4, VALUES[r.nextInt(VALUES.length)]);
            sb.append(size >= 4 ? "mov " : "movzx ").append(dst).append(", ").append(ptr(size)).append(' ').append(operand(r));
            String text = sb.toString();
            out.add(DiffCase.of(text, s, 0));
        }
        return out;
    }

    /** An address near a page edge of the data or the code area, or anywhere in the data page. */
    private static long target(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> DATA + 4096 - 1 - r.nextInt(12);          // end of the data page (past it: unmapped)
            case 1 -> DATA - r.nextInt(8);                       // start of the data page (before it: unmapped)
            case 2 -> CODE + 4096 - 1 - r.nextInt(12);          // across the two code pages
            case 3 -> CODE + 0xC00 + r.nextInt(0x300);          // the snippet's own code page, past the snippet
            default -> DATA + r.nextInt(4096 - 16);
        };
    }

    /** A memory operand: one of the address registers plus a small displacement. */
    private static String operand(Random r) {
        int base = BASES[r.nextInt(BASES.length)];
        int disp = r.nextInt(3) == 0 ? 0 : r.nextInt(9) - 4;
        return "[" + reg(8, base) + (disp == 0 ? "" : disp < 0 ? " - " + -disp : " + " + disp) + "]";
    }

    private static String access(Random r) {
        int size = SIZES[r.nextInt(4)];
        String m = ptr(size) + " " + operand(r);
        String v = reg(size, VALUES[r.nextInt(VALUES.length)]);
        String v32 = reg(size == 8 ? 8 : 4, VALUES[r.nextInt(VALUES.length)]);
        return switch (r.nextInt(9)) {
            case 0, 1 -> "mov " + v + ", " + m;
            case 2, 3 -> "mov " + m + ", " + v;
            case 4 -> "mov " + m + ", " + (r.nextInt(256) - 128);
            case 5 -> (r.nextBoolean() ? "add " : "sub ") + m + ", " + v;
            case 6 -> (r.nextBoolean() ? "add " : "cmp ") + v + ", " + m;
            case 7 -> size >= 4 ? "mov " + v + ", " + m : (r.nextBoolean() ? "movzx " : "movsx ") + v32 + ", " + m;
            default -> size >= 4 ? "mov " + m + ", " + v : "sub " + m + ", " + (r.nextInt(256) - 128);
        };
    }

    /** PUSH/POP with RSP near an edge of the data page. */
    private static String stackEdge(Random r, DiffCase.State s) {
        String a = reg(8, VALUES[r.nextInt(VALUES.length)]), b = reg(8, VALUES[r.nextInt(VALUES.length)]);
        if (r.nextBoolean()) {
            s.r[RSP] = DATA + r.nextInt(16);
            return "push " + a + "\npop " + b + "\npush " + b;
        }
        s.r[RSP] = DATA + 4096 - 16 + r.nextInt(16);
        return "pop " + a + "\npush " + b + "\npop " + b;
    }
}
