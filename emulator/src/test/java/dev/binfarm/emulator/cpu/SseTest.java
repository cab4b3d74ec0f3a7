package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.mem.GuestMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed checks of the SSE unit: the behaviours the differential test
 * cannot reach (faults, MXCSR loads) and the x86 rules that are easy to get
 * wrong in Java (NaN choice, integer indefinite, directed rounding).
 */
class SseTest {
    private static final long PAGE = 0x20000;
    private Cpu cpu;

    @BeforeEach
    void setUp() {
        GuestMemory mem = new GuestMemory(1 << 20);
        mem.map(PAGE, 4096, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "test");
        cpu = new Cpu(mem);
    }

    private static Insn reg(int opcode, int mandatory, int dst, int src) {
        Insn i = new Insn();
        i.opcode = opcode;
        i.mandatory = mandatory;
        i.reg = dst;
        i.mod = 3;
        i.rm = src;
        i.base = Insn.NONE;
        i.index = Insn.NONE;
        i.addrSize = 8;
        return i;
    }

    private static Insn mem(int opcode, int mandatory, int reg, long address) {
        Insn i = reg(opcode, mandatory, reg, 0);
        i.mod = 0;
        i.disp = address;
        return i;
    }

    private void exec(Insn i) { cpu.sse.exec(cpu, i); }

    private void setSd(int n, double v) { cpu.xmm[2 * n] = Double.doubleToRawLongBits(v); }
    private void setSs(int n, float v) { cpu.xmm[2 * n] = Float.floatToRawIntBits(v) & 0xFFFFFFFFL; }
    private long sd(int n) { return cpu.xmm[2 * n]; }
    private int ss(int n) { return (int) cpu.xmm[2 * n]; }

    @Test
    void alignedFormsFaultOnMisalignedMemoryAndUnalignedOnesDoNot() {
        cpu.mem.write64(PAGE + 8, 0x1122334455667788L);
        GuestFault f = assertThrows(GuestFault.class, () -> exec(mem(0x128, 0, 1, PAGE + 8))); // movaps
        assertEquals(PAGE + 8, f.address());
        assertEquals(GuestFault.Cause.PROTECTION, f.faultCause());
        assertThrows(GuestFault.class, () -> exec(mem(0x1FE, 0x66, 1, PAGE + 4)));               // paddd m128
        assertThrows(GuestFault.class, () -> exec(mem(0x17F, 0x66, 1, PAGE + 1)));               // movdqa store
        exec(mem(0x110, 0, 1, PAGE + 8));                                                        // movups
        assertEquals(0x1122334455667788L, cpu.xmm[2]);
        exec(mem(0x158, 0xF2, 1, PAGE + 12));                                                    // addsd m64: no alignment rule
    }

    @Test
    void ldmxcsrAndStmxcsrRoundTripAndReservedBitsFault() {
        cpu.mem.write32(PAGE, 0x7FC0);
        Insn ld = mem(0x1AE, 0, 2, PAGE);
        exec(ld);
        assertEquals(0x7FC0, cpu.mxcsr);
        exec(mem(0x1AE, 0, 3, PAGE + 4));
        assertEquals(0x7FC0, cpu.mem.read32(PAGE + 4));
        cpu.mem.write32(PAGE, 0x10000 | 0x1F80);
        assertThrows(GuestFault.class, () -> exec(ld));
        assertEquals(0x7FC0, cpu.mxcsr, "a faulting LDMXCSR changes nothing");
    }

    @Test
    void nanRulesFollowX86NotJava() {
        long qnanA = 0x7FF8000000000AAAL, snanB = 0x7FF0000000000BBBL;
        cpu.xmm[2] = qnanA;
        cpu.xmm[4] = snanB;
        exec(reg(0x158, 0xF2, 1, 2)); // addsd: both NaN -> the first source's
        assertEquals(qnanA, sd(1));
        setSd(1, 1.0);
        exec(reg(0x158, 0xF2, 1, 2)); // only the second is NaN -> it, quieted
        assertEquals(snanB | 0x0008000000000000L, sd(1));
        setSd(1, 0.0);
        setSd(2, Double.POSITIVE_INFINITY);
        exec(reg(0x159, 0xF2, 1, 2)); // 0 * inf: invalid -> negative default NaN
        assertEquals(0xFFF8000000000000L, sd(1));
        setSs(1, Float.NaN);
        setSs(2, 3f);
        exec(reg(0x15D, 0xF3, 1, 2)); // minss with a NaN: the second operand
        assertEquals(3f, Float.intBitsToFloat(ss(1)));
        setSd(1, 0.0);
        setSd(2, -0.0);
        exec(reg(0x15F, 0xF2, 1, 2)); // maxsd(+0, -0): the second operand
        assertEquals(0x8000000000000000L, sd(1));
    }

    @Test
    void outOfRangeConversionsGiveIntegerIndefinite() {
        setSd(2, 1e20);
        Insn cvt = reg(0x12C, 0xF2, 0, 2); // cvttsd2si eax, xmm2
        exec(cvt);
        assertEquals(0x80000000L, cpu.r[0]);
        cvt.prefixes = Insn.P_REXW;
        exec(cvt);
        assertEquals(Long.MIN_VALUE, cpu.r[0]);
        setSd(2, -2.5);
        exec(cvt);
        assertEquals(-2, cpu.r[0], "truncating");
        exec(reg(0x12D, 0xF2, 0, 2) /* cvtsd2si, 32-bit */);
        assertEquals(0xFFFFFFFEL, cpu.r[0], "round half to even, 32-bit result zero-extended");
    }

    @Test
    void roundingControlSteersArithmeticAndConversions() {
        long[] results = new long[4];
        for (int rc = 0; rc < 4; rc++) {
            cpu.mxcsr = 0x1F80 | rc << 13;
            setSd(1, 1.0);
            setSd(2, 3.0);
            exec(reg(0x15E, 0xF2, 1, 2)); // divsd 1/3
            results[rc] = sd(1);
        }
        long third = Double.doubleToRawLongBits(1.0 / 3);       // nearest rounds down here
        assertEquals(third, results[0]);
        assertEquals(third, results[1]);
        assertEquals(third + 1, results[2]);
        assertEquals(third, results[3]);

        int[] expected = {2, 2, 3, 2}; // cvtss2si 2.5 under nearest-even, down, up, zero
        for (int rc = 0; rc < 4; rc++) {
            cpu.mxcsr = 0x1F80 | rc << 13;
            setSs(2, 2.5f);
            exec(reg(0x12D, 0xF3, 0, 2));
            assertEquals(expected[rc], cpu.r[0], "rc " + rc);
        }
        cpu.mxcsr = 0x3F80; // round down: an exact zero sum is -0
        setSd(1, 5.0);
        setSd(2, -5.0);
        exec(reg(0x158, 0xF2, 1, 2));
        assertEquals(0x8000000000000000L, sd(1));
    }

    @Test
    void dazAndFtzFlushDenormals() {
        cpu.mxcsr = 0x1F80 | 0x8000; // FTZ
        setSd(1, Double.MIN_NORMAL);
        setSd(2, 0.5);
        exec(reg(0x159, 0xF2, 1, 2));
        assertEquals(0L, sd(1));
        cpu.mxcsr = 0x1F80 | 0x40; // DAZ
        setSs(1, Float.MIN_VALUE);
        setSs(2, 1f);
        exec(reg(0x159, 0xF3, 1, 2));
        assertEquals(0, ss(1));
    }

    @Test
    void exceptionsRaiseStickyMxcsrFlags() {
        int[][] cases = { // {opcode, prefix, dst bits (float), src bits (float), expected new flags}
            {0x15E, 0xF3, 0x3F800000, 0x40400000, 0x20},            // 1/3: PE
            {0x15E, 0xF3, 0x3F800000, 0x00000000, 0x04},            // 1/0: ZE
            {0x151, 0xF3, 0, 0xBF800000, 0x01},                     // sqrt(-1): IE
            {0x15D, 0xF3, 0x7FC00000, 0x3F800000, 0x01},            // minss with a QNaN: IE
            {0x158, 0xF3, 0x7FC00000, 0x3F800000, 0x00},            // addss with a QNaN: quiet
            {0x158, 0xF3, 0x7F800001, 0x3F800000, 0x01},            // addss with an SNaN: IE
            {0x159, 0xF3, 0x7F7FFFFF, 0x40000000, 0x28},            // MAX * 2: OE PE
            {0x159, 0xF3, 0x00800000, 0x3F000000, 0x00},            // MIN_NORMAL * 0.5: exact tiny result, no flags
            {0x159, 0xF3, 0x00800001, 0x3F000000, 0x30},            // (MIN_NORMAL + ulp) * 0.5: tiny and inexact, UE PE
            {0x158, 0xF3, 0x00000001, 0x3F800000, 0x22},            // denormal + 1: DE PE
        };
        for (int[] c : cases) {
            cpu.mxcsr = 0x1F80;
            cpu.xmm[2] = c[2] & 0xFFFFFFFFL;
            cpu.xmm[4] = c[3] & 0xFFFFFFFFL;
            exec(reg(c[0], c[1], 1, 2));
            assertEquals(0x1F80 | c[4], cpu.mxcsr, String.format("op %x on %08x, %08x", c[0], c[2], c[3]));
        }
        cpu.mxcsr = 0x1F80 | 0x04; // sticky: an exact operation leaves ZE set
        setSs(1, 1f);
        setSs(2, 1f);
        exec(reg(0x158, 0xF3, 1, 2));
        assertEquals(0x1F84, cpu.mxcsr);
        cpu.mxcsr = 0x1F80 | 0x8000; // FTZ: a tiny result becomes zero with UE and PE
        cpu.xmm[2] = 0x00800000;
        cpu.xmm[4] = 0x3F000000;
        exec(reg(0x159, 0xF3, 1, 2));
        assertEquals(0, ss(1));
        assertEquals(0x9FB0, cpu.mxcsr);
    }

    @Test
    void comisFlagsCoverAllOrderings() {
        assertEquals(Cpu.ZF | Cpu.PF | Cpu.CF, SseFloat.comisFlags(Double.NaN, 1));
        assertEquals(Cpu.CF, SseFloat.comisFlags(1, 2));
        assertEquals(Cpu.ZF, SseFloat.comisFlags(-0.0, 0.0));
        assertEquals(0, SseFloat.comisFlags(2, 1));
    }

    @Test
    void packedIntegerLanesSaturateAndShift() {
        cpu.xmm[2] = 0x7FFF_8000_0001_FFFFL;
        cpu.xmm[3] = 0;
        cpu.xmm[4] = 0x0001_FFFF_7FFF_0001L;
        cpu.xmm[5] = 0;
        exec(reg(0x1ED, 0x66, 1, 2)); // paddsw
        assertEquals(0x7FFF_8000_7FFF_0000L, cpu.xmm[2]);
        Insn psraw = reg(0x171, 0x66, 4, 1);
        psraw.imm = 200;
        exec(psraw);
        assertEquals(0x0000_FFFF_0000_0000L, cpu.xmm[2]);
    }

    @Test
    void ssse3ShufflesAndAlignment() {
        cpu.xmm[2] = 0x0706050403020100L;       // bytes 0..15
        cpu.xmm[3] = 0x0F0E0D0C0B0A0908L;
        cpu.xmm[4] = 0x80_00_01_02_03_04_05_0FL; // indices, top byte has the zeroing bit
        cpu.xmm[5] = 0x0E0D0C0B0A090807L;
        exec(reg(0x200, 0x66, 1, 2)); // pshufb xmm1, xmm2 (xmm1 = table, xmm2 = indices)
        assertEquals(0x00_00_01_02_03_04_05_0FL, cpu.xmm[2]);
        assertEquals(0x0E0D0C0B0A090807L, cpu.xmm[3]);

        cpu.xmm[2] = 0x1716151413121110L;       // dst: bytes 0x10..0x1F
        cpu.xmm[3] = 0x1F1E1D1C1B1A1918L;
        cpu.xmm[4] = 0x0706050403020100L;       // src: bytes 0x00..0x0F
        cpu.xmm[5] = 0x0F0E0D0C0B0A0908L;
        Insn palignr = reg(0x30F, 0x66, 1, 2);
        palignr.imm = 12;
        exec(palignr); // (dst:src) >> 96 bits
        assertEquals(0x13121110_0F0E0D0CL, cpu.xmm[2]);
        assertEquals(0x1B1A1918_17161514L, cpu.xmm[3]);
    }

    @Test
    void pcmpistriFindsTheFirstByteOfASet() {
        // needle set "/:" (as strcspn uses it), haystack "usr/bin:x" null-terminated
        cpu.xmm[2] = 0x3A2FL;
        cpu.xmm[3] = 0;
        byte[] hay = "usr/bin:x\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long lo = 0, hi = 0;
        for (int k = 0; k < hay.length; k++) {
            if (k < 8) lo |= (long) (hay[k] & 0xFF) << (8 * k);
            else hi |= (long) (hay[k] & 0xFF) << (8 * (k - 8));
        }
        cpu.xmm[4] = lo;
        cpu.xmm[5] = hi;
        cpu.setRflags(2);
        Insn i = reg(0x363, 0x66, 1, 2); // pcmpistri xmm1, xmm2, equal-any unsigned bytes
        i.imm = 0x00;
        exec(i);
        assertEquals(3, cpu.r[Cpu.RCX], "'/' at index 3");
        assertEquals(Cpu.CF | Cpu.ZF | Cpu.SF, cpu.rflags() & Cpu.STATUS_FLAGS, "match, haystack ends, needle ends");
        i.imm = 0x40; // most significant match
        exec(i);
        assertEquals(7, cpu.r[Cpu.RCX], "':' at index 7");
    }

    @Test
    void conversionsKeepNaNPayloadsAndSadSums() {
        cpu.xmm[4] = 0x7F812345_FFC00001L;      // sNaN (payload 0x12345), negative qNaN (payload 1)
        exec(reg(0x15A, 0, 1, 2));               // cvtps2pd
        assertEquals(0xFFF8000020000000L, cpu.xmm[2]);
        assertEquals(0x7FF02468A0000000L | 0x0008000000000000L, cpu.xmm[3]);

        cpu.xmm[2] = 0x00FF_0010_2030_4050L;
        cpu.xmm[3] = -1;
        cpu.xmm[4] = 0xFF00_1000_3020_5040L;
        cpu.xmm[5] = 0;
        exec(reg(0x1F6, 0x66, 1, 2));           // psadbw
        assertEquals(255 + 255 + 0x10 + 0x10 + 16 + 16 + 16 + 16, cpu.xmm[2]);
        assertEquals(8 * 255, cpu.xmm[3]);
    }

    @Test
    void unimplementedEncodingsAreReported() {
        // MMX paddb (no 66 prefix) is not implemented; Cpu.unimplemented decides how to report it.
        assertThrows(RuntimeException.class, () -> exec(reg(0x1FC, 0, 1, 2)));
    }

    /**
     * FTZ flushes on the underflow condition, not only on a denormal result: an
     * exact product just below MIN_NORMAL that rounds up to MIN_NORMAL is tiny
     * (x86 decides tininess with an unbounded exponent) and becomes zero, as on
     * the host (found by DiffTest seed 26784386123140: mulsd under MXCSR 0x9FC0).
     */
    @Test
    void flushToZeroCatchesTinyResultsThatRoundUpToMinNormal() {
        SseFloat fp = new SseFloat();
        long x = Double.doubleToRawLongBits(0x1.fffffffffffffp-1), y = Double.doubleToRawLongBits(Double.MIN_NORMAL);
        assertEquals(0x0010000000000000L, fp.op64(SseFloat.MUL, x, y, 0x1FC0), "without FTZ: rounds to MIN_NORMAL");
        assertEquals(0L, fp.op64(SseFloat.MUL, x, y, 0x9FC0), "with FTZ: flushed");
        long exact = Double.doubleToRawLongBits(1.0);
        assertEquals(0x0010000000000000L, fp.op64(SseFloat.MUL, exact, y, 0x9FC0), "an exact MIN_NORMAL stays");
        int fx = Float.floatToRawIntBits(0x1.fffffep-1f), fy = Float.floatToRawIntBits(Float.MIN_NORMAL);
        assertEquals(0x00800000, fp.op32(SseFloat.MUL, fx, fy, 0x1FC0));
        assertEquals(0, fp.op32(SseFloat.MUL, fx, fy, 0x9FC0));
    }
}
