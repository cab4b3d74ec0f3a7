package dev.binfarm.emulator.cpu.diff;

import java.util.Arrays;

/**
 * One differential test case: a code snippet (Intel-syntax {@code text} for GNU
 * as, or raw {@code code} bytes for encodings as will not produce, with text then
 * only describing them), the initial register state, the
 * seed of the data area's contents, and the RFLAGS bits the snippet leaves
 * undefined (not compared).
 *
 * <p>Snippets may use numeric local labels ({@code 1:}, {@code jmp 1f}) but no
 * named ones; they run at {@link DiffRunner#CODE_ADDR}, the data area is 4 KiB at
 * {@link DiffRunner#DATA_ADDR}.
 */
public record DiffCase(String text, byte[] code, long[] r, long rflags, long[] xmm, long dataSeed, long undefinedFlags) {
    public DiffCase {
        if (text == null) throw new IllegalArgumentException("text is required");
        if (r.length != 16 || xmm.length != 32) throw new IllegalArgumentException("16 GPRs and 32 xmm halves");
    }

    /** A case for {@code asm} starting from {@code state} (copied). */
    public static DiffCase of(String asm, State state, long undefinedFlags) {
        return new DiffCase(asm, null, state.r.clone(), state.rflags, state.xmm.clone(), state.dataSeed, undefinedFlags);
    }

    public static DiffCase ofBytes(byte[] code, String label, State state, long undefinedFlags) {
        return new DiffCase(label, code, state.r.clone(), state.rflags, state.xmm.clone(), state.dataSeed, undefinedFlags);
    }

    /** A mutable initial state that generators fill in before making cases. */
    public static final class State {
        public final long[] r = new long[16];
        public long rflags = 0x202;
        public final long[] xmm = new long[32];
        public long dataSeed;

        public State set(int reg, long v) {
            r[reg] = v;
            return this;
        }

        @Override
        public String toString() {
            return "r=" + Arrays.toString(r) + " rflags=" + Long.toHexString(rflags);
        }
    }
}
