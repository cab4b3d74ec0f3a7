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

    /**
     * The first CPU of an address space. It owns a new decoded-code cache and
     * registers it as {@code mem}'s code-write listener; further threads of the
     * same address space must be made with {@link #Cpu(Cpu)} so they share it.
     */
    public Cpu(GuestMemory mem) {
        this.mem = mem;
        this.blocks = new BlockCache(mem);
        blocks.addUser(this);
    }

    /**
     * Another thread in {@code sibling}'s address space: same memory, same
     * decoded-code cache, architectural state (x87 included) copied from the sibling.
     */
    public Cpu(Cpu sibling) {
        this.mem = sibling.mem;
        this.blocks = sibling.blocks;
        this.jitThreshold = sibling.jitThreshold;
        blocks.addUser(this);
        copyStateFrom(sibling);
    }

    /** Copies the integer, SSE and x87 state (registers, RIP, FS/GS bases, flags, MXCSR, FPU), for clone and fork. */
    public void copyStateFrom(Cpu other) {
        System.arraycopy(other.r, 0, r, 0, 16);
        System.arraycopy(other.xmm, 0, xmm, 0, 32);
        rip = other.rip;
        fsBase = other.fsBase;
        gsBase = other.gsBase;
        mxcsr = other.mxcsr;
        x87.copyFrom(other.x87);
        setRflags(other.rflags());
        breakpoint = other.breakpoint;
    }

    /** A thread that exits leaves the shared code cache (so it is not kept alive by it). */
    public void detach() {
        blocks.removeUser(this);
    }

    // ------------------------------------------------------------------ run loop

    private final BlockCache blocks;
    /** Buffer for bulk string moves (one per CPU: guests on different host threads must not share it). */
    final byte[] scratch = new byte[GuestMemory.PAGE_SIZE];
    /** Set when the current block must be left after the current instruction (halt, int3, code written). */
    boolean exitBlock;
    private Stop pendingStop;

    /**
     * Runs up to about {@code budget} instructions (it may overshoot by one
     * block) and says why it stopped.
     */
    public Stop run(long budget) {
        long limit = instructions + budget;
        exitBlock = false;
        pendingStop = null;
        Insn cur = null;
        Block b = null;
        int k = 0;
        // The translation that ran last and the exit it left by (see Compiled.exec; -1: none with a link).
        Compiled prev = null;
        int link = -1;
        // Set when translated code left before an access its TLB could not serve: that block is interpreted.
        boolean interpret = false;
        try {
            while (true) {
                long bp = breakpoint;
                long at = rip;
                if (at == bp) return Stop.BREAKPOINT;
                cur = null;
                k = 0;
                if (link >= 0) {
                    // Left translated code by an exit with a link: it names the block (dispatch part).
                    Block[] ls = prev.links;
                    Block t = ls[link];
                    if (t == null || t.start != at || !t.valid) {
                        ls[link] = t = lookup(at);
                        if (Jit.STATS != null) Jit.linkMisses++;
                    }
                    b = t;
                    link = -1;
                } else {
                    if (Jit.STATS != null) Jit.unlinked++;
                    b = next(b, at);
                }
                Insn[] insns = b.insns;
                int n = insns.length;
                Compiled cb = b.compiled;
                if (interpret) { cb = null; interpret = false; }
                else if (cb == null && jitThreshold >= 0 && !b.noJit && b.heat++ >= jitThreshold) cb = translate(b);
                boolean bpIn = bp >= at && bp < b.end;
                long left = limit - instructions;
                // A region runs whole passes through its members, so it is entered only with room for one (the
                // budget's last instructions are interpreted: same stops as the interpreter) and never while it holds
                // the breakpoint (translated code has no stop checks).
                if (cb != null && left >= cb.span && (bp == -1 || !cb.holds(bp))) {
                    // Translated code to translated code through exit links stays in this small loop; anything
                    // else (no link, a block not translated, little budget left, a breakpoint, a stop) goes back
                    // to the outer loop with the instructions already counted (k = 0).
                    while (true) {
                        jitRoom = (int) Math.min(Jit.LOOP_CAP, left);
                        if (Jit.STATS != null) { Jit.entries++; Jit.countEdge(prev, rip); }
                        int done;
                        try {
                            done = cb.exec(this);
                        } catch (RuntimeException e) {
                            k = jitIndex;
                            cur = jitInsn;
                            throw e;
                        }
                        instructions += done & Compiled.COUNT_MASK;
                        link = (done >>> Compiled.EXIT_SHIFT) - 1;
                        prev = cb;
                        if (link == Compiled.MISS_LINK) {
                            tlbExits++;
                            link = -1;
                            rip = jitInsn.rip;
                            interpret = true;
                            break;
                        }
                        if (link < 0 || exitBlock || bp != -1) break;
                        Block t = cb.links[link];
                        if (t == null || t.start != rip || !t.valid || (cb = t.compiled) == null) break;
                        left = limit - instructions;
                        if (left < cb.span) break;
                    }
                    k = 0;
                    b = null; // left from some member, not necessarily b: its successor links are not for this exit
                } else if (bpIn) {
                    // A breakpoint inside this block: stop in front of it. Always the interpreter (rare: atMain,
                    // debugging), so translated code runs whole members and has no per-instruction stop checks.
                    while (k < n) {
                        Insn i = insns[k];
                        if (i.rip == bp) { rip = bp; instructions += k; return Stop.BREAKPOINT; }
                        cur = i;
                        rip = i.nextRip;
                        Interpreter.exec(this, i);
                        k++;
                        if (exitBlock) break;
                    }
                } else {
                    while (k < n) {
                        Insn i = insns[k];
                        cur = i;
                        rip = i.nextRip;
                        Interpreter.exec(this, i);
                        k++;
                        if (exitBlock) break;
                    }
                }
                // Counted per block; RDTSC inside a block sees the count at its start (still deterministic).
                instructions += k;
                if (exitBlock) {
                    exitBlock = false;
                    Stop s = pendingStop;
                    if (s != null) { pendingStop = null; return s; }
                }
                if (instructions >= limit) return Stop.BUDGET;
            }
        } catch (GuestFault f) {
            fault = f;
            faultRip = rip = cur != null ? cur.rip : rip;
            if (cur != null) instructions += k;
            return Stop.FAULT;
        } catch (IllegalInstruction e) {
            illegal = e.getMessage();
            faultRip = rip = cur != null ? cur.rip : rip;
            if (cur != null) instructions += k;
            return Stop.ILLEGAL;
        } catch (DivideError e) {
            faultRip = rip = cur.rip;
            instructions += k;
            return Stop.DIVIDE;
        } catch (RuntimeException e) {
            // An emulator bug, not a guest event: let it propagate, but with RIP at the culprit for the report.
            if (cur != null) faultRip = rip = cur.rip;
            throw e;
        }
    }

    /**
     * Executions of a block before it is translated to JVM bytecode; -1 = the
     * compiling tier is off, 0 = translate at once (tests). Defaults to the
     * {@code binfarm.jit} system property (see {@link Jit}).
     */
    public int jitThreshold = Jit.defaultThreshold();
    /** Index in its block of the instruction translated code failed in (set by {@link Compiled}). */
    int jitIndex;
    /** The instruction translated code failed in (it may belong to a block joined to this one). */
    Insn jitInsn;
    /** Times translated code left before an access the TLB could not serve (the interpreter ran it). */
    public long tlbExits;
    /** Instructions translated code may complete before it must return to the run loop (budget). */
    int jitRoom;

    private Compiled translate(Block b) {
        Compiled c = Jit.compile(b, jitThreshold == 0);
        if (c == null) b.noJit = true;
        else b.compiled = c;
        return c;
    }

    /** Regions put into service (translated, or shared from another guest) and translations that failed, in this JVM (stats, tests). */
    public static long jitTranslated() { return Jit.translated.get(); }
    public static long jitFailures() { return Jit.failures.get(); }
    /** Regions a guest took from the translations shared in this JVM instead of translating them (stats, tests). */
    public static long jitShared() { return SharedTranslations.hits.get(); }

    /** The translation of the block at {@code at} (null while it is interpreted): tests. */
    Compiled translationAt(long at) {
        return blocks.get(at).compiled;
    }

    /** Forgets the translations shared between guests (benchmarks measure a guest that finds none). */
    public static void clearSharedTranslations() {
        SharedTranslations.clear();
    }

    /** The block at {@code at}, through the previous block's successor links when they fit. */
    private Block next(Block prev, long at) {
        if (prev == null || !prev.valid) return lookup(at);
        Block s = prev.succ0;
        if (s != null && s.start == at && s.valid) return s;
        s = prev.succ1;
        if (s != null && s.start == at && s.valid) return s;
        Block b = lookup(at);
        if (prev.succ0 == null || !prev.succ0.valid) prev.succ0 = b;
        else prev.succ1 = b;
        if (prev.insns[prev.insns.length - 1].op == Ops.JMP_E && Jit.MAX_TABLE_MEMBERS > 0) addTarget(prev, b);
        return b;
    }

    /**
     * Remembers a target of the indirect jump ending {@code prev} (a jump table: many targets), so region
     * formation can join the hot ones and dispatch among them inside one method (dispatch part).
     */
    private static void addTarget(Block prev, Block t) {
        Block[] ts = prev.targets;
        if (ts == null) prev.targets = ts = new Block[Jit.MAX_TABLE_MEMBERS];
        for (int j = 0; j < ts.length; j++) {
            if (ts[j] == t) return;
            if (ts[j] == null || !ts[j].valid) { ts[j] = t; return; }
        }
    }

    // ------------------------------------------------------------------ dispatch part: exit links, jump cache

    /**
     * Direct-mapped cache of recent blocks by address, in front of the shared table: RET and indirect jumps
     * have many targets per site, so successor links miss there. Entries are checked (start, valid) on use.
     */
    private final Block[] jumpCache = new Block[JUMP_CACHE];
    private static final int JUMP_CACHE = 1 << 12;

    private Block lookup(long at) {
        int h = (int) (at ^ (at >>> 12)) & (JUMP_CACHE - 1);
        Block b = jumpCache[h];
        if (b != null && b.start == at && b.valid) return b;
        b = blocks.get(at);
        jumpCache[h] = b;
        return b;
    }

    /** Ends the current {@link #run} after the current instruction, with {@link Stop#HALT}. */
    public void halt() {
        stopAfterInsn(Stop.HALT);
    }

    void stopAfterInsn(Stop s) {
        pendingStop = s;
        exitBlock = true;
    }

    /**
     * Raised by the SSE/x87 units for encodings they do not implement; the run
     * stops with {@link Stop#ILLEGAL} and a message naming the bytes and RIP.
     */
    public RuntimeException unimplemented(Insn insn) {
        return new IllegalInstruction("unimplemented instruction " + bytesOf(insn) + " at 0x" + Long.toHexString(insn.rip));
    }

    /** The instruction's bytes in hex, for messages; never faults. */
    String bytesOf(Insn insn) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Math.max(1, insn.len); k++) {
            try {
                byte[] page = mem.codePage(insn.rip + k);
                int v = page[(int) ((insn.rip + k) & GuestMemory.PAGE_MASK)] & 0xFF;
                if (k > 0) sb.append(' ');
                sb.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
            } catch (GuestFault f) {
                break;
            }
        }
        return sb.toString();
    }

    /** Forgets all decoded code (tests; a loader that rewrites text in place). */
    public void flushCodeCache() {
        blocks.clear();
    }

    /** Number of decoded blocks currently cached (tests, stats). */
    public int cachedBlocks() {
        return blocks.size();
    }

    /** An undefined or unimplemented instruction: the run loop turns it into {@link Stop#ILLEGAL}. */
    static final class IllegalInstruction extends RuntimeException {
        IllegalInstruction(String message) {
            super(message, null, false, false);
        }
    }

    /** #DE: the run loop turns it into {@link Stop#DIVIDE}. */
    static final class DivideError extends RuntimeException {
        static final DivideError INSTANCE = new DivideError();
        private DivideError() {
            super("divide error", null, false, false);
        }
    }

    // ------------------------------------------------------------------ flags

    // Lazy flags: the last flag-setting operation, evaluated only when a flag is read.
    static final int F_NONE = 0, F_ADD = 1, F_ADC = 2, F_SUB = 3, F_SBB = 4, F_LOGIC = 5, F_INC = 6, F_DEC = 7;
    /** Shifts by a non-zero count: lazyA = the operand, lazyB = the masked count, lazyRes = the result. */
    static final int F_SHL = 8, F_SHR = 9, F_SAR = 10;

    /** RFLAGS; its status bits are current only while {@link #lazyKind} == F_NONE. */
    long flags = 0x202;
    int lazyKind;
    /** Operand size in bytes of the lazy operation. */
    int lazySize;
    /** Operands and result, already truncated to the operand size. */
    long lazyA, lazyB, lazyRes;
    /** Carry-in of ADC/SBB, or the preserved CF of INC/DEC. */
    long lazyCarry;

    /** Flags writable by POPF in user mode. */
    private static final long POPF_MASK = STATUS_FLAGS | DF | (1L << 18) | ID;

    void setLazy(int kind, int size, long a, long b, long res) {
        lazyKind = kind;
        lazySize = size;
        lazyA = a;
        lazyB = b;
        lazyRes = res;
    }

    /** RFLAGS with lazy flags materialised. */
    public long rflags() {
        if (lazyKind != F_NONE) materialize();
        return flags | 2;
    }

    void materialize() {
        long f = flags & ~STATUS_FLAGS;
        if (cf()) f |= CF;
        if (pf()) f |= PF;
        if (af()) f |= AF;
        if (zf()) f |= ZF;
        if (sf()) f |= SF;
        if (of()) f |= OF;
        flags = f;
        lazyKind = F_NONE;
    }

    /** Replaces RFLAGS (POPF, signal return, tests). */
    public void setRflags(long value) {
        flags = (value & POPF_MASK) | IF | 2;
        lazyKind = F_NONE;
    }

    /** Sets the status flags in {@code mask} to the bits of {@code value} (COMISD, PTEST, FCOMI...). */
    public void setStatusFlags(long mask, long value) {
        setRflags((rflags() & ~mask) | (value & mask));
    }

    /** Replaces all six status flags at once (eagerly computed operations). */
    void setStatus(long bits) {
        flags = (flags & ~STATUS_FLAGS) | (bits & STATUS_FLAGS);
        lazyKind = F_NONE;
    }

    static long mask(int size) {
        return size == 8 ? -1L : (1L << (size << 3)) - 1;
    }

    static long signBit(int size) {
        return 1L << ((size << 3) - 1);
    }

    boolean cf() {
        long a = lazyA, b = lazyB, r = lazyRes;
        return switch (lazyKind) {
            case F_NONE -> (flags & CF) != 0;
            case F_ADD -> Long.compareUnsigned(r, a) < 0;
            case F_ADC -> lazyCarry != 0 ? Long.compareUnsigned(r, a) <= 0 : Long.compareUnsigned(r, a) < 0;
            case F_SUB -> Long.compareUnsigned(a, b) < 0;
            case F_SBB -> lazyCarry != 0 ? Long.compareUnsigned(a, b) <= 0 : Long.compareUnsigned(a, b) < 0;
            case F_INC, F_DEC -> lazyCarry != 0;
            case F_SHL -> b <= (lazySize << 3) && ((a >>> ((lazySize << 3) - b)) & 1) != 0;
            case F_SHR -> ((a >>> (b - 1)) & 1) != 0;
            case F_SAR -> ((signExtend(a, lazySize) >> (b - 1)) & 1) != 0;
            default -> false;
        };
    }

    static long signExtend(long v, int size) {
        int sh = 64 - (size << 3);
        return (v << sh) >> sh;
    }

    boolean zf() {
        return lazyKind == F_NONE ? (flags & ZF) != 0 : lazyRes == 0;
    }

    boolean sf() {
        return lazyKind == F_NONE ? (flags & SF) != 0 : (lazyRes & signBit(lazySize)) != 0;
    }

    boolean pf() {
        return lazyKind == F_NONE ? (flags & PF) != 0 : (Integer.bitCount((int) lazyRes & 0xFF) & 1) == 0;
    }

    boolean af() {
        return switch (lazyKind) {
            case F_NONE -> (flags & AF) != 0;
            case F_LOGIC -> false;
            case F_SHL, F_SHR, F_SAR -> true; // undefined on paper; Intel cores set it
            default -> ((lazyA ^ lazyB ^ lazyRes) & 0x10) != 0;
        };
    }

    boolean of() {
        long a = lazyA, b = lazyB, r = lazyRes;
        return switch (lazyKind) {
            case F_NONE -> (flags & OF) != 0;
            case F_ADD, F_ADC, F_INC -> ((a ^ r) & (b ^ r) & signBit(lazySize)) != 0;
            case F_SUB, F_SBB, F_DEC -> ((a ^ b) & (a ^ r) & signBit(lazySize)) != 0;
            case F_SHL -> ((r & signBit(lazySize)) != 0) != cf();
            case F_SHR -> (a & signBit(lazySize)) != 0;
            default -> false;
        };
    }

    /** Condition code {@code cc} (0..15, the low nibble of Jcc/SETcc/CMOVcc). */
    boolean cond(int cc) {
        boolean v;
        if (lazyKind == F_SUB) {
            // cmp/sub: decide from the operands directly.
            long a = lazyA, b = lazyB;
            int sh = 64 - (lazySize << 3);
            v = switch (cc >> 1) {
                case 1 -> Long.compareUnsigned(a, b) < 0;
                case 2 -> a == b;
                case 3 -> Long.compareUnsigned(a, b) <= 0;
                case 6 -> (a << sh) < (b << sh);
                case 7 -> (a << sh) <= (b << sh);
                default -> slowCond(cc >> 1);
            };
        } else if (lazyKind == F_LOGIC) {
            // and/or/xor/test: CF = OF = 0.
            long r = lazyRes;
            boolean neg = (r & signBit(lazySize)) != 0;
            v = switch (cc >> 1) {
                case 0, 1 -> false;
                case 2, 3 -> r == 0;
                case 4, 6 -> neg;
                case 7 -> r == 0 || neg;
                default -> slowCond(cc >> 1);
            };
        } else {
            v = slowCond(cc >> 1);
        }
        return v ^ ((cc & 1) != 0);
    }

    private boolean slowCond(int c) {
        return switch (c) {
            case 0 -> of();
            case 1 -> cf();
            case 2 -> zf();
            case 3 -> cf() || zf();
            case 4 -> sf();
            case 5 -> pf();
            case 6 -> sf() != of();
            default -> zf() || sf() != of();
        };
    }

    // ------------------------------------------------------------------ operands

    /** Effective address of the instruction's memory operand (segment base and address size applied). */
    public long ea(Insn i) {
        long a = i.disp;
        if (i.base >= 0) a += r[i.base];
        if (i.index >= 0) a += r[i.index] << i.scale;
        // One test for the common case: 64-bit addressing, no FS/GS override.
        if ((i.addrSize | i.seg) != 8) {
            if (i.addrSize == 4) a &= 0xFFFFFFFFL;
            if (i.seg == Insn.SEG_FS) a += fsBase;
            else if (i.seg == Insn.SEG_GS) a += gsBase;
        }
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
