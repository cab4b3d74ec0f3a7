package dev.binfarm.emulator.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.binfarm.emulator.cpu.diff.CaseSupport.*;

/** String instructions with and without REP/REPE/REPNE, both directions, running into faults at the edges. */
final class StringCases implements CaseGenerator {
    private final int n;

    StringCases() {
        this(150);
    }

    StringCases(int perForm) {
        this.n = perForm;
    }

    @Override
    public String name() {
        return "string";
    }

    @Override
    public List<DiffCase> cases(Random r) {
        List<DiffCase> out = new ArrayList<>();
        String[] ops = {"movs", "stos", "lods", "scas", "cmps"};
        String[] suffix = {"b", "w", "d", "q"};
        for (String op : ops) {
            boolean compares = op.equals("scas") || op.equals("cmps");
            String[] reps = compares ? new String[] {"", "repe ", "repne "} : new String[] {"", "rep "};
            for (int sz = 0; sz < 4; sz++) {
                int size = 1 << sz;
                for (String rep : reps) {
                    for (int c = 0; c < n; c++) {
                        DiffCase.State s = state(r);
                        boolean down = r.nextInt(3) == 0;
                        long count = r.nextInt(8) == 0 ? 0 : r.nextInt(40);
                        long span = count * size + 16;
                        // Mostly inside the data area; now and then running off its end (precise fault).
                        long lo = DiffRunner.DATA_ADDR + (down ? span : 0), hi = DiffRunner.DATA_ADDR + 4096 - (down ? 16 : span);
                        boolean edge = r.nextInt(10) == 0;
                        s.r[6] = pos(r, lo, hi, edge);
                        s.r[7] = pos(r, lo, hi, edge);
                        s.r[1] = count;
                        if (compares && r.nextBoolean()) s.r[7] = s.r[6]; // equal runs (cmps) or matching bytes (scas) appear often
                        if (down) s.rflags |= 0x400;
                        // DF is compared too; clear it again so the harness's own code runs with DF=0.
                        String text = rep + op + suffix[sz] + (down ? "\ncld" : "");
                        out.add(DiffCase.of(text, s, 0));
                    }
                }
            }
        }
        // Long forward copies and fills (the bulk paths), with overlapping source and destination.
        for (int c = 0; c < 6 * n; c++) {
            DiffCase.State s = state(r);
            int sz = r.nextInt(4), size = 1 << sz;
            long count = r.nextInt(1800 / size);
            long srcOff = r.nextInt(2048);
            long dstOff = switch (r.nextInt(4)) {
                case 0 -> srcOff + r.nextInt(24);            // just above the source: forward overlap
                case 1 -> Math.max(0, srcOff - r.nextInt(24)); // just below
                default -> r.nextInt(2048);
            };
            s.r[6] = DiffRunner.DATA_ADDR + srcOff;
            s.r[7] = DiffRunner.DATA_ADDR + dstOff;
            if (r.nextInt(10) == 0) count += 4096 / size; // runs off the data area: faults part-way
            s.r[1] = count;
            String op = r.nextBoolean() ? "rep movs" : "rep stos";
            out.add(DiffCase.of(op + suffix[sz], s, 0));
        }
        // Address-size override: ESI/EDI/ECX.
        for (int c = 0; c < n; c++) {
            DiffCase.State s = state(r);
            s.r[6] = DiffRunner.DATA_ADDR + r.nextInt(2048) | (r.nextLong() << 32);
            s.r[7] = DiffRunner.DATA_ADDR + 2048 + r.nextInt(1024) | (r.nextLong() << 32);
            s.r[1] = r.nextInt(64) | (r.nextLong() << 32);
            out.add(DiffCase.of("addr32 rep movsb", s, 0));
        }
        return out;
    }

    private static long pos(Random r, long lo, long hi, boolean edge) {
        if (edge) return r.nextBoolean() ? DiffRunner.DATA_ADDR + r.nextInt(32) : DiffRunner.DATA_ADDR + 4096 - r.nextInt(64);
        return lo + (long) r.nextInt((int) Math.max(1, hi - lo));
    }
}
