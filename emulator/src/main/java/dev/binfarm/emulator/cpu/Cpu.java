package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.mem.GuestMemory;

/**
 * One guest thread's x86-64 CPU: architectural state plus the run loop.
 *
 * <p>State is kept in primitive public fields (blink-style) so the interpreter,
 * the SSE and x87 units and the kernel touch it without indirection. Arithmetic
 * flags are lazy: the interpreter records the last flag-setting operation and
 * computes individual flags only when something reads them.
 */
public final class Cpu {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
    public static final int R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    // RFLAGS bits.
    public static final long CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8;
    public static final long IF = 1 << 9, DF = 1 << 10, OF = 1 << 11, ID = 1 << 21;
    /** The six arithmetic status flags. */
    public static final long STATUS_FLAGS = CF | PF | AF | ZF | SF | OF;

    /** General registers in encoding order (RAX..R15). */
    public final long[] r = new long[16];
    public long rip;
    public long fsBase, gsBase;

    /** XMM0..15: low quadword at [2n], high quadword at [2n+1]. */
    public final long[] xmm = new long[32];
    public int mxcsr = 0x1F80;

    public final GuestMemory mem;
    public final X87 x87 = new X87();
    public final Sse sse = new Sse();

    /** Called for SYSCALL. */
    public SyscallHandler syscalls = cpu -> { throw new IllegalStateException("no syscall handler"); };

    /** Instructions retired since this CPU was created. */
    public long instructions;

    // Details of the last non-BUDGET stop.
    public GuestFault fault;
    public long faultRip;
    public String illegal;
    /** RIP value that stops the run loop with {@link Stop#BREAKPOINT}; -1 = none. */
    public long breakpoint = -1;

    public Cpu(GuestMemory mem) {
        this.mem = mem;
    }

    // ------------------------------------------------------------------ run loop

    /**
     * Runs up to about {@code budget} instructions (it may overshoot by one
     * block) and says why it stopped.
     */
    public Stop run(long budget) {
        throw new UnsupportedOperationException("interpreter not written yet");
    }

    /** Ends the current {@link #run} after the current instruction, with {@link Stop#HALT}. */
    public void halt() {
        throw new UnsupportedOperationException("interpreter not written yet");
    }

    /**
     * Raised by the SSE/x87 units for encodings they do not implement; the run
     * stops with {@link Stop#ILLEGAL} and a message naming the bytes and RIP.
     */
    public RuntimeException unimplemented(Insn insn) {
        throw new UnsupportedOperationException("interpreter not written yet");
    }

    // ------------------------------------------------------------------ flags

    /** RFLAGS with lazy flags materialised. */
    public long rflags() {
        throw new UnsupportedOperationException("interpreter not written yet");
    }

    /** Replaces RFLAGS (POPF, signal return, tests). */
    public void setRflags(long value) {
        throw new UnsupportedOperationException("interpreter not written yet");
    }

    /** Sets the status flags in {@code mask} to the bits of {@code value} (COMISD, PTEST, FCOMI...). */
    public void setStatusFlags(long mask, long value) {
        setRflags((rflags() & ~mask) | (value & mask));
    }

    // ------------------------------------------------------------------ operands

    /** Effective address of the instruction's memory operand (segment base and address size applied). */
    public long ea(Insn i) {
        long a = i.disp;
        if (i.base >= 0) a += r[i.base];
        if (i.index >= 0) a += r[i.index] << i.scale;
        if (i.addrSize == 4) a &= 0xFFFFFFFFL;
        if (i.seg == Insn.SEG_FS) a += fsBase;
        else if (i.seg == Insn.SEG_GS) a += gsBase;
        return a;
    }

    /**
     * Reads general register {@code n} at {@code size} bytes. For size 1 without
     * a REX prefix, registers 4..7 are AH, CH, DH, BH.
     */
    public long reg(int n, int size, boolean rex) {
        return switch (size) {
            case 1 -> (!rex && n >= 4 && n < 8) ? (r[n - 4] >>> 8) & 0xFF : r[n] & 0xFF;
            case 2 -> r[n] & 0xFFFF;
            case 4 -> r[n] & 0xFFFFFFFFL;
            default -> r[n];
        };
    }

    /** Writes general register {@code n}: 32-bit writes zero the upper half, 8/16-bit writes merge. */
    public void setReg(int n, int size, boolean rex, long v) {
        switch (size) {
            case 1 -> {
                if (!rex && n >= 4 && n < 8) r[n - 4] = (r[n - 4] & ~0xFF00L) | ((v & 0xFF) << 8);
                else r[n] = (r[n] & ~0xFFL) | (v & 0xFF);
            }
            case 2 -> r[n] = (r[n] & ~0xFFFFL) | (v & 0xFFFF);
            case 4 -> r[n] = v & 0xFFFFFFFFL;
            default -> r[n] = v;
        }
    }

    /** Reads {@code size} bytes at {@code addr} (1, 2, 4, 8), zero-extended. */
    public long load(long addr, int size) {
        return switch (size) {
            case 1 -> mem.read8(addr);
            case 2 -> mem.read16(addr);
            case 4 -> mem.read32(addr) & 0xFFFFFFFFL;
            default -> mem.read64(addr);
        };
    }

    public void store(long addr, int size, long v) {
        switch (size) {
            case 1 -> mem.write8(addr, (int) v);
            case 2 -> mem.write16(addr, (int) v);
            case 4 -> mem.write32(addr, (int) v);
            default -> mem.write64(addr, v);
        }
    }

    /** The r/m operand at {@code size} bytes: a register when mod == 3, else memory. */
    public long readRm(Insn i, int size) {
        return i.mod == 3 ? reg(i.rm, size, (i.prefixes & Insn.P_REX) != 0) : load(ea(i), size);
    }

    public void writeRm(Insn i, int size, long v) {
        if (i.mod == 3) setReg(i.rm, size, (i.prefixes & Insn.P_REX) != 0, v);
        else store(ea(i), size, v);
    }

    public void push(long v) {
        long sp = r[RSP] - 8;
        mem.write64(sp, v);
        r[RSP] = sp;
    }

    public long pop() {
        long v = mem.read64(r[RSP]);
        r[RSP] += 8;
        return v;
    }
}
