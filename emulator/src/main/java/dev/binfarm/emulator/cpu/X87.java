package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.mem.GuestMemory;

/**
 * The x87 floating-point unit (D8..DF opcodes): its register stack, control,
 * status and tag words, and FXSAVE/FXRSTOR images.
 *
 * <p>Registers are kept by physical number (R0..R7) as the sign/exponent word
 * and the 64-bit significand; ST(i) is R[(TOP + i) & 7]. Arithmetic goes
 * through one {@link F80} unit; {@link X87Transcendentals} holds f2xm1, fyl2x,
 * fsin and the like. Exceptions follow the masked responses (the Linux
 * default 0x037F masks them all); an unmasked one only sets ES/B in the
 * status word, no #MF/SIGFPE is delivered.
 *
 * <p>Where the manuals leave the outcome open (C1 after stack faults, flag
 * priorities, NaN choice on equal significands, FOP/FCS contents), the
 * behaviour is the host's, as the differential tests observed it.
 */
public final class X87 {
    // Status word bits beyond the exception flags.
    static final int SF = 0x40, ES = 0x80, C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000, B = 0x8000;
    private static final int CC = C0 | C1 | C2 | C3;

    /** Physical registers R0..R7: sign/exponent and significand. */
    final int[] se = new int[8];
    final long[] m = new long[8];
    /** Bit i set = physical register i is empty. */
    int empty = 0xFF;
    int top;
    /** Control word. */
    int cw = 0x037F;
    /** Status word without the TOP field (bits 11..13 kept zero here). */
    int sw;
    // Last non-control instruction: opcode (11 bits), instruction and operand addresses.
    int fop, fcs;
    long fip, fdp;

    final F80 f = new F80();
    private final X87Transcendentals trans = new X87Transcendentals(this);

    public X87() {
        applyControl();
    }

    // ------------------------------------------------------------------ state accessors

    public int controlWord() { return cw; }

    public int statusWord() { return (sw & ~0x3800) | top << 11; }

    /** The full 16-bit tag word (00 valid, 01 zero, 10 special, 11 empty) by physical register. */
    public int tagWord() {
        int t = 0;
        for (int p = 0; p < 8; p++) {
            int tag;
            if ((empty >> p & 1) != 0) tag = 3;
            else {
                int c = F80.classify(se[p], m[p]);
                tag = c == F80.ZERO ? 1 : c == F80.NORMAL ? 0 : 2;
            }
            t |= tag << (2 * p);
        }
        return t;
    }

    /** ST(i)'s sign/exponent word and significand (for tests and the signal frame). */
    public int stExponent(int i) { return se[(top + i) & 7]; }

    public long stSignificand(int i) { return m[(top + i) & 7]; }

    /** FNINIT: the state the kernel gives a new process. */
    public void reset() {
        cw = 0x037F;
        sw = 0;
        top = 0;
        empty = 0xFF;
        fop = 0;
        fcs = 0;
        fip = 0;
        fdp = 0;
        applyControl();
    }

    /** Copies the whole FPU state (registers, tags, TOP, control/status words, pointers): fork and clone inherit it. */
    public void copyFrom(X87 other) {
        System.arraycopy(other.se, 0, se, 0, 8);
        System.arraycopy(other.m, 0, m, 0, 8);
        empty = other.empty;
        top = other.top;
        cw = other.cw;
        sw = other.sw;
        fop = other.fop;
        fcs = other.fcs;
        fip = other.fip;
        fdp = other.fdp;
        applyControl();
    }

    private void applyControl() {
        f.pc = switch (cw >> 8 & 3) {
            case 0 -> 24;
            case 2 -> 53;
            default -> 64; // 3, and the reserved 1 behaves as 64 here
        };
        f.rc = cw >> 10 & 3;
    }

    /** Sets the control word (FLDCW, FLDENV, FXRSTOR, signal return). */
    public void setControlWord(int value) {
        cw = value & 0x1F7F | 0x40;
        applyControl();
        updateSummary();
    }

    private void setStatusWord(int value) {
        sw = value & ~0x3800;
        top = value >> 11 & 7;
    }

    /** ES and B mirror whether any unmasked exception flag is set. */
    void updateSummary() {
        if ((sw & ~cw & 0x3F) != 0) sw |= ES | B;
        else sw &= ~(ES | B);
    }

    // ------------------------------------------------------------------ stack

    private int phys(int i) { return (top + i) & 7; }

    boolean isEmpty(int i) { return (empty >> ((top + i) & 7) & 1) != 0; }

    int stSe(int i) { return se[(top + i) & 7]; }

    long stM(int i) { return m[(top + i) & 7]; }

    void setSt(int i, int e, long v) {
        int p = (top + i) & 7;
        se[p] = e;
        m[p] = v;
        empty &= ~(1 << p);
    }

    /** Pushes a value; C1 is cleared, or set on stack overflow. */
    void push(int e, long v) {
        sw &= ~C1;
        int p = (top - 1) & 7;
        if ((empty >> p & 1) == 0) {
            sw |= F80.IE | SF | C1; // stack overflow
            e = F80.INDEFINITE_SE;
            v = F80.INDEFINITE_M;
        }
        top = p;
        se[p] = e;
        m[p] = v;
        empty &= ~(1 << p);
    }

    void pop() {
        empty |= 1 << top;
        top = (top + 1) & 7;
    }

    /** Stack underflow: IE|SF with C1 = 0 (masked response: the caller stores the indefinite). */
    void underflow() {
        sw = (sw & ~C1) | F80.IE | SF;
        updateSummary();
    }

    /**
     * The exception flags of one operation: an invalid operation hides a
     * denormal operand (the host reports IE alone).
     */
    int exceptions() {
        int fl = f.flags & 0x3F;
        return (fl & F80.IE) != 0 ? fl & ~F80.DE : fl;
    }

    /** Merges the F80 unit's exception flags and C1 into the status word. */
    void commit() {
        sw = (sw & ~C1) | exceptions() | (f.flags & C1);
        updateSummary();
    }

    // ------------------------------------------------------------------ dispatch

    /** Executes one x87 instruction; throws {@link Cpu#unimplemented} for encodings not implemented. */
    public void exec(Cpu cpu, Insn insn) {
        int op = insn.opcode;
        if (op == 0x1AE) {
            long a = cpu.ea(insn);
            boolean wide = (insn.prefixes & Insn.P_REXW) != 0;
            switch (insn.reg & 7) {
                case 0 -> saveFx(cpu, a, wide);
                case 1 -> restoreFx(cpu, a, wide);
                default -> throw cpu.unimplemented(insn);
            }
            return;
        }
        int digit = insn.reg & 7;
        if (insn.mod != 3) {
            // The 16-bit (0x66) layouts of fnstenv/fldenv/fnsave/frstor are not modelled.
            if ((insn.prefixes & Insn.P_OPSIZE) != 0 && isControl(op, digit) && digit != 5 && digit != 7) throw cpu.unimplemented(insn);
            long a = cpu.ea(insn);
            if (!isControl(op, digit)) {
                fop = (op & 7) << 8 | (insn.mod << 6) | digit << 3 | modrmRm(insn);
                fip = insn.rip;
                fcs = USER_CS;
                fdp = a;
            }
            execMemory(cpu, insn, op, digit, a);
        } else {
            int modrm = 0xC0 | digit << 3 | (insn.rm & 7);
            if (!(op == 0xDB && (modrm == 0xE2 || modrm == 0xE3)) && !(op == 0xDF && modrm == 0xE0)) {
                fop = (op & 7) << 8 | modrm;
                fip = insn.rip;
                fcs = USER_CS;
            }
            execRegister(cpu, insn, op, digit, insn.rm & 7);
        }
    }

    /** ModRM.rm of a memory operand, rebuilt from the decoded parts (FOP keeps the raw ModRM byte). */
    private static int modrmRm(Insn insn) {
        if (insn.index >= 0 || (insn.base >= 0 && (insn.base & 7) == 4)) return 4; // SIB
        if (insn.base < 0) return 5; // RIP-relative
        return insn.base & 7;
    }

    /** The user code segment selector Linux gives 64-bit processes, stored as FCS. */
    private static final int USER_CS = 0x33;

    private static boolean isControl(int op, int digit) {
        return (op == 0xD9 && digit >= 4) || (op == 0xDD && digit >= 4);
    }

    private void execMemory(Cpu cpu, Insn insn, int op, int digit, long a) {
        GuestMemory mem = cpu.mem;
        switch (op) {
            case 0xD8 -> { // arithmetic with m32fp
                f.flags = 0;
                f.fromFloatOperand(mem.read32(a));
                arithMem(digit, f.se, f.m);
            }
            case 0xDC -> {
                f.flags = 0;
                f.fromDoubleOperand(mem.read64(a));
                arithMem(digit, f.se, f.m);
            }
            case 0xDA -> { // m32int
                f.flags = 0;
                f.fromLong(mem.read32(a));
                arithMem(digit, f.se, f.m);
            }
            case 0xDE -> { // m16int
                f.flags = 0;
                f.fromLong((short) mem.read16(a));
                arithMem(digit, f.se, f.m);
            }
            case 0xD9 -> {
                switch (digit) {
                    case 0 -> {
                        f.flags = 0;
                        f.fromFloat(mem.read32(a));
                        commitLoad();
                    }
                    case 2, 3 -> {
                        int v;
                        f.flags = 0;
                        if (isEmpty(0)) {
                            underflow();
                            v = 0xFFC0_0000;
                        } else {
                            v = f.toFloat(stSe(0), stM(0));
                            commit();
                        }
                        mem.write32(a, v);
                        if (digit == 3) pop();
                    }
                    case 4 -> loadEnv(mem, a);
                    case 5 -> setControlWord(mem.read16(a));
                    case 6 -> {
                        storeEnv(mem, a);
                        setControlWord(cw | 0x3F); // FNSTENV masks all exceptions afterwards
                    }
                    case 7 -> mem.write16(a, cw);
                    default -> throw cpu.unimplemented(insn);
                }
            }
            case 0xDB -> {
                switch (digit) {
                    case 0 -> {
                        f.flags = 0;
                        f.fromLong(mem.read32(a));
                        commitLoad();
                    }
                    case 1 -> storeInt(mem, a, 32, true, true);
                    case 2 -> storeInt(mem, a, 32, false, false);
                    case 3 -> storeInt(mem, a, 32, false, true);
                    case 5 -> push(mem.read16(a + 8), mem.read64(a));
                    case 7 -> {
                        if (isEmpty(0)) {
                            underflow();
                            writeExtended(mem, a, F80.INDEFINITE_SE, F80.INDEFINITE_M);
                        } else {
                            sw &= ~C1;
                            writeExtended(mem, a, stSe(0), stM(0));
                        }
                        pop();
                    }
                    default -> throw cpu.unimplemented(insn);
                }
            }
            case 0xDD -> {
                switch (digit) {
                    case 0 -> {
                        f.flags = 0;
                        f.fromDouble(mem.read64(a));
                        commitLoad();
                    }
                    case 1 -> storeInt(mem, a, 64, true, true);
                    case 2, 3 -> {
                        long v;
                        f.flags = 0;
                        if (isEmpty(0)) {
                            underflow();
                            v = 0xFFF8_0000_0000_0000L;
                        } else {
                            v = f.toDouble(stSe(0), stM(0));
                            commit();
                        }
                        mem.write64(a, v);
                        if (digit == 3) pop();
                    }
                    case 4 -> {
                        loadEnv(mem, a);
                        for (int i = 0; i < 8; i++) {
                            int p = phys(i);
                            m[p] = mem.read64(a + 28 + 10L * i);
                            se[p] = mem.read16(a + 28 + 10L * i + 8);
                        }
                    }
                    case 6 -> {
                        storeEnv(mem, a);
                        for (int i = 0; i < 8; i++) writeExtended(mem, a + 28 + 10L * i, stSe(i), stM(i));
                        reset();
                    }
                    case 7 -> mem.write16(a, statusWord());
                    default -> throw cpu.unimplemented(insn);
                }
            }
            case 0xDF -> {
                switch (digit) {
                    case 0 -> {
                        f.flags = 0;
                        f.fromLong((short) mem.read16(a));
                        commitLoad();
                    }
                    case 1 -> storeInt(mem, a, 16, true, true);
                    case 2 -> storeInt(mem, a, 16, false, false);
                    case 3 -> storeInt(mem, a, 16, false, true);
                    case 4 -> {
                        f.flags = 0;
                        loadBcd(mem, a);
                        commitLoad();
                    }
                    case 5 -> {
                        f.flags = 0;
                        f.fromLong(mem.read64(a));
                        commitLoad();
                    }
                    case 6 -> storeBcd(mem, a);
                    case 7 -> storeInt(mem, a, 64, false, true);
                    default -> throw cpu.unimplemented(insn);
                }
            }
            default -> throw cpu.unimplemented(insn);
        }
    }

    /** Pushes the value just converted into the F80 unit, with its load-time flags. */
    private void commitLoad() {
        int e = f.se;
        long v = f.m;
        boolean overflow = (empty >> ((top - 1) & 7) & 1) == 0;
        push(e, v);
        if (!overflow) sw |= exceptions(); // a stack fault hides the conversion's flags
        updateSummary();
    }

    /** D8/DA/DC/DE memory forms: ST(0) = ST(0) op operand (the operand was converted into f with its flags). */
    private void arithMem(int digit, int bse, long bm) {
        f.denormalOperand = (f.flags & F80.DE) != 0;
        f.flags &= ~F80.DE;
        try {
            arithMemOp(digit, bse, bm);
        } finally {
            f.denormalOperand = false;
        }
    }

    private void arithMemOp(int digit, int bse, long bm) {
        if (isEmpty(0)) {
            underflow();
            if (digit == 2 || digit == 3) compareResult(F80.UNORDERED);
            else setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            if (digit == 3) pop();
            return;
        }
        if (digit == 2 || digit == 3) { // fcom/fcomp, ficom/ficomp
            int r = f.compare(stSe(0), stM(0), bse, bm, true);
            sw |= exceptions();
            compareResult(r);
            if (digit == 3) pop();
            return;
        }
        arith(digit, 0, stSe(0), stM(0), bse, bm);
    }

    /** Computes x op y by /digit (0 add, 1 mul, 4 x-y, 5 y-x, 6 x/y, 7 y/x) into ST(dst). */
    private void arith(int digit, int dst, int xse, long xm, int yse, long ym) {
        switch (digit) {
            case 0 -> f.add(xse, xm, yse, ym, false);
            case 1 -> f.mul(xse, xm, yse, ym);
            case 4 -> f.add(xse, xm, yse, ym, true);
            case 5 -> f.add(yse, ym, xse, xm, true);
            case 6 -> f.div(xse, xm, yse, ym);
            case 7 -> f.div(yse, ym, xse, xm);
            default -> throw new IllegalStateException("digit " + digit);
        }
        commit();
        setSt(dst, f.se, f.m);
    }

    private void compareResult(int r) {
        int cc = switch (r) {
            case F80.LESS -> C0;
            case F80.EQUAL -> C3;
            case F80.GREATER -> 0;
            default -> C0 | C2 | C3;
        };
        sw = (sw & ~CC) | cc;
        updateSummary();
    }

    private void storeInt(GuestMemory mem, long a, int bits, boolean truncate, boolean popAfter) {
        long v;
        f.flags = 0;
        if (isEmpty(0)) {
            underflow();
            v = 1L << (bits - 1);
        } else {
            v = f.toInt(stSe(0), stM(0), bits, truncate);
            commit();
        }
        switch (bits) {
            case 16 -> mem.write16(a, (int) v);
            case 32 -> mem.write32(a, (int) v);
            default -> mem.write64(a, v);
        }
        if (popAfter) pop();
    }

    private void loadBcd(GuestMemory mem, long a) {
        long v = 0;
        for (int i = 8; i >= 0; i--) {
            int b = mem.read8(a + i);
            v = v * 100 + (b >> 4) * 10 + (b & 15);
        }
        boolean neg = (mem.read8(a + 9) & 0x80) != 0;
        f.fromLong(v);
        if (neg) f.se |= 0x8000; // -0 stays -0, as fbld does
    }

    private void storeBcd(GuestMemory mem, long a) {
        f.flags = 0;
        long v;
        boolean neg;
        boolean bad = isEmpty(0);
        if (bad) {
            underflow();
            v = 0;
            neg = true;
        } else {
            neg = (stSe(0) & 0x8000) != 0;
            v = f.toInt(stSe(0), stM(0), 64, false);
            if (v == Long.MIN_VALUE || Math.abs(v) > 999_999_999_999_999_999L) {
                f.flags = (f.flags & ~(F80.PE | C1)) | F80.IE;
                bad = true;
            }
            commit();
        }
        if (bad) { // the packed BCD indefinite
            for (int i = 0; i < 7; i++) mem.write8(a + i, 0);
            mem.write8(a + 7, 0xC0);
            mem.write8(a + 8, 0xFF);
            mem.write8(a + 9, 0xFF);
        } else {
            long mag = Math.abs(v);
            for (int i = 0; i < 9; i++) {
                int lo = (int) (mag % 10);
                mag /= 10;
                int hi = (int) (mag % 10);
                mag /= 10;
                mem.write8(a + i, hi << 4 | lo);
            }
            mem.write8(a + 9, neg ? 0x80 : 0);
        }
        pop();
    }

    // ------------------------------------------------------------------ register forms

    private void execRegister(Cpu cpu, Insn insn, int op, int digit, int i) {
        switch (op) {
            case 0xD8 -> regArith(digit, i, false, false);
            case 0xDC -> regArith(digit, i, true, false);
            case 0xDE -> {
                if (digit == 3) {
                    if (i == 1) fcompp(true);
                    else throw cpu.unimplemented(insn);
                } else if (digit == 2) {
                    regCompare(i, true, 1); // fcomp alias
                } else {
                    regArith(digit, i, true, true);
                }
            }
            case 0xD9 -> execD9(cpu, insn, digit, i);
            case 0xDA -> {
                if (digit < 4) fcmov(cpu, digit, i, false);
                else if (digit == 5 && i == 1) fcompp(false);
                else throw cpu.unimplemented(insn);
            }
            case 0xDB -> {
                if (digit < 4) fcmov(cpu, digit, i, true);
                else if (digit == 4) {
                    switch (i) {
                        case 2 -> { // fnclex
                            sw &= ~(0x3F | SF | ES | B);
                        }
                        case 3 -> reset(); // fninit
                        case 0, 1, 4 -> { } // fneni, fndisi, fsetpm: no-ops since the 387
                        default -> throw cpu.unimplemented(insn);
                    }
                } else if (digit == 5) fcomi(cpu, i, false, false);
                else if (digit == 6) fcomi(cpu, i, true, false);
                else throw cpu.unimplemented(insn);
            }
            case 0xDD -> {
                switch (digit) {
                    case 0 -> { // ffree (the host clears C1)
                        sw &= ~C1;
                        empty |= 1 << phys(i);
                    }
                    case 1 -> fxch(i);
                    case 2, 3 -> { // fst/fstp st(i)
                        if (isEmpty(0)) {
                            underflow();
                            setSt(i, F80.INDEFINITE_SE, F80.INDEFINITE_M);
                        } else {
                            sw &= ~C1;
                            setSt(i, stSe(0), stM(0));
                        }
                        if (digit == 3) pop();
                    }
                    case 4 -> regCompare(i, false, 0); // fucom
                    case 5 -> regCompare(i, false, 1); // fucomp
                    default -> throw cpu.unimplemented(insn);
                }
            }
            case 0xDF -> {
                switch (digit) {
                    case 0 -> { // ffreep
                        sw &= ~C1;
                        empty |= 1 << phys(i);
                        pop();
                    }
                    case 1 -> fxch(i);
                    case 2, 3 -> {
                        if (isEmpty(0)) {
                            underflow();
                            setSt(i, F80.INDEFINITE_SE, F80.INDEFINITE_M);
                        } else {
                            sw &= ~C1;
                            setSt(i, stSe(0), stM(0));
                        }
                        pop();
                    }
                    case 4 -> {
                        if (i == 0) cpu.setReg(Cpu.RAX, 2, false, statusWord()); // fnstsw ax
                        else throw cpu.unimplemented(insn);
                    }
                    case 5 -> fcomi(cpu, i, false, true);
                    case 6 -> fcomi(cpu, i, true, true);
                    default -> throw cpu.unimplemented(insn);
                }
            }
            default -> throw cpu.unimplemented(insn);
        }
    }

    /** D8 / DC / DE register arithmetic; DC and DE write ST(i) and swap the reversed forms. */
    private void regArith(int digit, int i, boolean toSti, boolean popAfter) {
        if (digit == 2 || digit == 3) { // D8/DC D0+i fcom, D8+i fcomp
            regCompare(i, true, digit == 3 ? 1 : 0);
            return;
        }
        int dst = toSti ? i : 0;
        if (isEmpty(0) || isEmpty(i)) {
            underflow();
            setSt(dst, F80.INDEFINITE_SE, F80.INDEFINITE_M);
        } else {
            f.flags = 0;
            if (toSti) arith(digit >= 4 ? digit ^ 1 : digit, i, stSe(i), stM(i), stSe(0), stM(0));
            else arith(digit, 0, stSe(0), stM(0), stSe(i), stM(i));
        }
        if (popAfter) pop();
    }

    /** fcom/fcomp/fucom/fucomp ST(i): compares ST(0) with ST(i), then pops {@code pops} times. */
    private void regCompare(int i, boolean ordered, int pops) {
        if (isEmpty(0) || isEmpty(i)) {
            underflow();
            compareResult(F80.UNORDERED);
        } else {
            f.flags = 0;
            int r = f.compare(stSe(0), stM(0), stSe(i), stM(i), ordered);
            sw = (sw & ~C1) | exceptions();
            compareResult(r);
        }
        for (int k = 0; k < pops; k++) pop();
    }

    private void fcompp(boolean ordered) {
        regCompare(1, ordered, 2);
    }

    private void fcomi(Cpu cpu, int i, boolean ordered, boolean popAfter) {
        int r;
        if (isEmpty(0) || isEmpty(i)) {
            underflow();
            r = F80.UNORDERED;
        } else {
            f.flags = 0;
            r = f.compare(stSe(0), stM(0), stSe(i), stM(i), ordered);
            sw |= exceptions(); // C1 is left alone, as on the host
            updateSummary();
        }
        long flags = switch (r) {
            case F80.LESS -> Cpu.CF;
            case F80.EQUAL -> Cpu.ZF;
            case F80.GREATER -> 0;
            default -> Cpu.ZF | Cpu.PF | Cpu.CF;
        };
        cpu.setStatusFlags(Cpu.STATUS_FLAGS, flags);
        if (popAfter) pop();
    }

    private void fcmov(Cpu cpu, int digit, int i, boolean negate) {
        long fl = cpu.rflags();
        boolean c = switch (digit) {
            case 0 -> (fl & Cpu.CF) != 0;
            case 1 -> (fl & Cpu.ZF) != 0;
            case 2 -> (fl & (Cpu.CF | Cpu.ZF)) != 0;
            default -> (fl & Cpu.PF) != 0;
        };
        if (negate) c = !c;
        if (isEmpty(0) || isEmpty(i)) {
            underflow();
            setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M); // whatever the condition, as the host does
            return;
        }
        if (c) setSt(0, stSe(i), stM(i)); // C1 untouched, as on the host
    }

    private void fxch(int i) {
        if (isEmpty(0) || isEmpty(i)) {
            underflow();
            if (isEmpty(0)) setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            if (isEmpty(i)) setSt(i, F80.INDEFINITE_SE, F80.INDEFINITE_M);
        } else {
            sw &= ~C1;
        }
        int p0 = phys(0), pi = phys(i);
        int te = se[p0];
        long tm = m[p0];
        se[p0] = se[pi];
        m[p0] = m[pi];
        se[pi] = te;
        m[pi] = tm;
    }

    private void execD9(Cpu cpu, Insn insn, int digit, int i) {
        switch (digit) {
            case 0 -> { // fld st(i)
                if (isEmpty(i)) {
                    push(F80.INDEFINITE_SE, F80.INDEFINITE_M);
                    underflow(); // C1 = 0 even if the push overflowed too
                } else {
                    sw &= ~C1;
                    push(stSe(i), stM(i));
                }
                updateSummary();
            }
            case 1 -> fxch(i);
            case 2 -> {
                if (i != 0) throw cpu.unimplemented(insn); // fnop
            }
            case 3 -> { // fstp1 (undocumented alias of fstp st(i))
                if (isEmpty(0)) {
                    underflow();
                    setSt(i, F80.INDEFINITE_SE, F80.INDEFINITE_M);
                } else {
                    setSt(i, stSe(0), stM(0));
                }
                pop();
            }
            case 4 -> {
                switch (i) {
                    case 0, 1 -> { // fchs, fabs
                        if (isEmpty(0)) {
                            underflow();
                            setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
                        } else {
                            sw &= ~C1;
                            setSt(0, i == 0 ? stSe(0) ^ 0x8000 : stSe(0) & 0x7FFF, stM(0));
                        }
                    }
                    case 4 -> { // ftst
                        if (isEmpty(0)) {
                            underflow();
                            compareResult(F80.UNORDERED);
                        } else {
                            f.flags = 0;
                            int r = f.compare(stSe(0), stM(0), 0, 0, true);
                            sw = (sw & ~C1) | (f.flags & 0x3F);
                            compareResult(r);
                        }
                    }
                    case 5 -> fxam();
                    default -> throw cpu.unimplemented(insn);
                }
            }
            case 5 -> {
                f.flags = 0;
                switch (i) {
                    case 0 -> { f.se = F80.BIAS; f.m = F80.INT_BIT; }
                    case 1 -> f.constant(0x4000, 0xD49A784BCD1B8AFEL, 0x492BF6FF4DAFDB4CL); // log2(10)
                    case 2 -> f.constant(0x3FFF, 0xB8AA3B295C17F0BBL, 0xBE87FED0691D3E88L); // log2(e)
                    case 3 -> f.constant(0x4000, 0xC90FDAA22168C234L, 0xC4C6628B80DC1CD1L); // pi
                    case 4 -> f.constant(0x3FFD, 0x9A209A84FBCFF798L, 0x8F8959AC0B7C9178L); // log10(2)
                    case 5 -> f.constant(0x3FFE, 0xB17217F7D1CF79ABL, 0xC9E3B39803F2F6AFL); // ln(2)
                    case 6 -> { f.se = 0; f.m = 0; }
                    default -> throw cpu.unimplemented(insn);
                }
                int e = f.se;
                long v = f.m;
                sw &= ~C1;
                push(e, v);
                updateSummary();
            }
            case 6 -> {
                switch (i) {
                    case 0 -> trans.f2xm1();
                    case 1 -> trans.fyl2x(false);
                    case 2 -> trans.fptan();
                    case 3 -> trans.fpatan();
                    case 4 -> fxtract();
                    case 5 -> fprem(true);
                    case 6 -> { // fdecstp
                        sw &= ~C1;
                        top = (top - 1) & 7;
                    }
                    default -> { // fincstp
                        sw &= ~C1;
                        top = (top + 1) & 7;
                    }
                }
            }
            default -> {
                switch (i) {
                    case 0 -> fprem(false);
                    case 1 -> trans.fyl2x(true);
                    case 2 -> unary(0); // fsqrt
                    case 3 -> trans.fsincos();
                    case 4 -> unary(1); // frndint
                    case 5 -> fscale();
                    case 6 -> trans.trig(true);
                    default -> trans.trig(false);
                }
            }
        }
    }

    private void unary(int kind) {
        if (isEmpty(0)) {
            underflow();
            setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            return;
        }
        f.flags = 0;
        if (kind == 0) f.sqrt(stSe(0), stM(0));
        else f.roundInt(stSe(0), stM(0));
        commit();
        setSt(0, f.se, f.m);
    }

    private void fxam() {
        int e = stSe(0);
        long v = stM(0);
        int cc;
        if (isEmpty(0)) {
            cc = C3 | C0;
        } else {
            cc = switch (F80.classify(e, v)) {
                case F80.ZERO -> C3;
                case F80.NORMAL -> C2;
                case F80.DENORMAL -> C3 | C2;
                case F80.INF -> C2 | C0;
                case F80.QNAN, F80.SNAN -> C0;
                default -> 0; // unsupported
            };
        }
        if ((e & 0x8000) != 0) cc |= C1;
        sw = (sw & ~CC) | cc;
    }

    /** Two-operand instructions on ST(0), ST(1): true (after flagging underflow) when one is empty. */
    boolean emptyPair() {
        if (isEmpty(0) || isEmpty(1)) {
            underflow();
            return true;
        }
        return false;
    }

    private void fprem(boolean ieee) {
        if (emptyPair()) {
            sw &= ~C2;
            setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            return;
        }
        f.flags = 0;
        f.remainder(stSe(0), stM(0), stSe(1), stM(1), ieee);
        // Without a quotient (NaN, invalid) the host clears C1 and C2 and keeps C0 and C3.
        sw = f.cc < 0 ? (sw & ~(C1 | C2)) | exceptions() : (sw & ~CC) | f.cc | exceptions();
        updateSummary();
        setSt(0, f.se, f.m);
    }

    private void fscale() {
        if (emptyPair()) {
            setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            return;
        }
        f.flags = 0;
        f.scale(stSe(0), stM(0), stSe(1), stM(1));
        commit();
        setSt(0, f.se, f.m);
    }

    /**
     * Stack overflow of an instruction that replaces ST(0) and pushes a second
     * result (fxtract, fptan, fsincos): both become the indefinite.
     */
    boolean pushOverflow() {
        if (isEmpty(0) || (empty >> ((top - 1) & 7) & 1) != 0) return false;
        setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
        push(F80.INDEFINITE_SE, F80.INDEFINITE_M); // overflows: IE, SF and C1
        updateSummary();
        return true;
    }

    private void fxtract() {
        if (pushOverflow()) return;
        if (isEmpty(0)) {
            setSt(0, F80.INDEFINITE_SE, F80.INDEFINITE_M);
            push(F80.INDEFINITE_SE, F80.INDEFINITE_M);
            underflow(); // C1 = 0 even if the push overflowed too
            return;
        }
        f.flags = 0;
        f.extract(stSe(0), stM(0));
        commit();
        int sigSe = f.se;
        long sigM = f.m;
        setSt(0, f.xse, f.xm);
        push(sigSe, sigM);
        updateSummary();
    }

    // ------------------------------------------------------------------ environment images

    /** FNSTENV's 28-byte protected-mode image. */
    private void storeEnv(GuestMemory mem, long a) {
        mem.write32(a, cw | 0xFFFF_0000);
        mem.write32(a + 4, statusWord() | 0xFFFF_0000);
        mem.write32(a + 8, tagWord() | 0xFFFF_0000);
        mem.write32(a + 12, (int) fip);
        mem.write32(a + 16, fop << 16 | fcs);
        mem.write32(a + 20, (int) fdp);
        mem.write32(a + 24, 0xFFFF_0000);
    }

    private void loadEnv(GuestMemory mem, long a) {
        setControlWord(mem.read16(a));
        setStatusWord(mem.read16(a + 4));
        int tags = mem.read16(a + 8);
        int e = 0;
        for (int p = 0; p < 8; p++) if ((tags >> (2 * p) & 3) == 3) e |= 1 << p;
        empty = e;
        fip = mem.read32(a + 12) & 0xFFFF_FFFFL;
        int csop = mem.read32(a + 16);
        fcs = csop & 0xFFFF;
        fop = csop >>> 16 & 0x7FF;
        fdp = mem.read32(a + 20) & 0xFFFF_FFFFL;
        updateSummary();
    }

    /**
     * FXSAVE / FXSAVE64: the 512-byte image at a 16-byte aligned {@code addr}
     * (also the fpstate of the Linux signal frame). Bytes 464..511 are left to
     * software, as the hardware leaves them.
     */
    public void saveFx(Cpu cpu, long addr, boolean wide) {
        if ((addr & 15) != 0) throw new GuestFault(addr, GuestFault.Access.WRITE, GuestFault.Cause.PROTECTION);
        GuestMemory mem = cpu.mem;
        // Touch both ends first so a fault leaves memory and state as they were.
        mem.write8(addr, mem.read8(addr));
        mem.write8(addr + 511, mem.read8(addr + 511));
        mem.write16(addr, cw);
        mem.write16(addr + 2, statusWord());
        mem.write8(addr + 4, ~empty & 0xFF);
        mem.write8(addr + 5, 0);
        mem.write16(addr + 6, fop);
        if (wide) {
            mem.write64(addr + 8, fip);
            mem.write64(addr + 16, fdp);
        } else {
            mem.write64(addr + 8, fip & 0xFFFF_FFFFL | (long) fcs << 32);
            mem.write64(addr + 16, fdp & 0xFFFF_FFFFL);
        }
        mem.write32(addr + 24, cpu.mxcsr);
        mem.write32(addr + 28, 0xFFFF);
        for (int i = 0; i < 8; i++) {
            long slot = addr + 32 + 16L * i;
            writeExtended(mem, slot, stSe(i), stM(i));
            mem.write16(slot + 10, 0);
            mem.write32(slot + 12, 0);
        }
        for (int i = 0; i < 32; i++) mem.write64(addr + 160 + 8L * i, cpu.xmm[i]);
        for (long o = 416; o < 464; o += 8) mem.write64(addr + o, 0);
    }

    /** FXRSTOR / FXRSTOR64 from a 16-byte aligned 512-byte image; reserved MXCSR bits fault as #GP does. */
    public void restoreFx(Cpu cpu, long addr, boolean wide) {
        if ((addr & 15) != 0) throw new GuestFault(addr, GuestFault.Access.READ, GuestFault.Cause.PROTECTION);
        GuestMemory mem = cpu.mem;
        mem.read8(addr + 511); // fault before changing any state
        int mxcsr = mem.read32(addr + 24);
        if ((mxcsr & ~0xFFFF) != 0) throw new GuestFault(addr + 24, GuestFault.Access.READ, GuestFault.Cause.PROTECTION);
        setControlWord(mem.read16(addr));
        setStatusWord(mem.read16(addr + 2));
        empty = ~mem.read8(addr + 4) & 0xFF;
        fop = mem.read16(addr + 6) & 0x7FF;
        fip = wide ? mem.read64(addr + 8) : mem.read32(addr + 8) & 0xFFFF_FFFFL;
        fcs = wide ? (fip != 0 ? USER_CS : 0) : mem.read16(addr + 12);
        fdp = wide ? mem.read64(addr + 16) : mem.read32(addr + 16) & 0xFFFF_FFFFL;
        cpu.mxcsr = mxcsr;
        for (int i = 0; i < 8; i++) {
            long slot = addr + 32 + 16L * i;
            int p = phys(i);
            m[p] = mem.read64(slot);
            se[p] = mem.read16(slot + 8);
        }
        for (int i = 0; i < 32; i++) cpu.xmm[i] = mem.read64(addr + 160 + 8L * i);
        updateSummary();
    }

    // ------------------------------------------------------------------ 80-bit memory helpers

    /** Writes an extended value as the 10 bytes the x87 uses (significand, then sign/exponent). */
    public static void writeExtended(GuestMemory mem, long addr, int se, long m) {
        mem.write64(addr, m);
        mem.write16(addr + 8, se);
    }

    /** An extended value as the nearest double (diagnostics: crash reports, register dumps). */
    public static double extendedToDouble(int se, long m) {
        F80 f = new F80();
        return Double.longBitsToDouble(f.toDouble(se, m));
    }

    /** The significand of the 10-byte extended value at {@code addr}. */
    public static long readSignificand(GuestMemory mem, long addr) {
        return mem.read64(addr);
    }

    /** The sign/exponent word of the 10-byte extended value at {@code addr}. */
    public static int readSignExponent(GuestMemory mem, long addr) {
        return mem.read16(addr + 8);
    }
}
