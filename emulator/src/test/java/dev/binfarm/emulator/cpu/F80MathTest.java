package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The double-double kernels against java.lang.Math (a loose check; X87DiffTest compares with the host). */
class F80MathTest {
    private static double eval(F80Math.DD d) { return d.hi() + d.lo(); }

    private static F80Math.DD dd(double x) {
        F80 f = new F80();
        f.fromDouble(Double.doubleToRawLongBits(x));
        return F80Math.fromF80(f.se, f.m, 0);
    }

    @Test
    void kernelsAgreeWithJavaMath() {
        Random rnd = new Random(1);
        for (int i = 0; i < 2000; i++) {
            double x = rnd.nextDouble() * 2 - 1;
            assertEquals(x, eval(dd(x)), 0);
            assertEquals(Math.expm1(x * Math.log(2)), eval(F80Math.expm1(F80Math.mul(dd(x), F80Math.LN2))), 1e-15, "expm1 " + x);
            double p = Math.abs(x) * 100 + 1e-3;
            F80 f = new F80();
            f.fromDouble(Double.doubleToRawLongBits(p));
            assertEquals(Math.log(p) / Math.log(2), eval(F80Math.log2(f.se, f.m)), 1e-13, "log2 " + p);
            assertEquals(Math.log1p(x * 0.29), eval(F80Math.log1p(dd(x * 0.29))), 1e-15, "log1p " + x);
            assertEquals(Math.sin(x * 0.78), eval(F80Math.sinKernel(dd(x * 0.78))), 1e-15, "sin " + x);
            assertEquals(Math.cos(x * 0.78), eval(F80Math.cosKernel(dd(x * 0.78))), 1e-15, "cos " + x);
            assertEquals(Math.atan(Math.abs(x)), eval(F80Math.atan(dd(Math.abs(x)))), 1e-15, "atan " + x);
            F80Math m = new F80Math();
            double big = x * 1000;
            f.fromDouble(Double.doubleToRawLongBits(big));
            m.sinCos(f.se, f.m);
            assertEquals(Math.sin(big), eval(m.sinOut), 1e-13, "sin " + big);
            assertEquals(Math.cos(big), eval(m.cosOut), 1e-13, "cos " + big);
        }
    }

    @Test
    void roundsDoubleDoubleToExtended() {
        F80 f = new F80();
        F80Math.toF80(f, new F80Math.DD(1.0, 0x1p-64)); // a tie at 64 bits: to even, i.e. 1.0
        assertEquals(F80.BIAS, f.se);
        assertEquals(F80.INT_BIT, f.m);
        F80Math.toF80(f, new F80Math.DD(1.0, 0x1p-63));
        assertEquals(F80.INT_BIT | 1, f.m);
        F80Math.toF80(f, new F80Math.DD(-2.0, 0x1p-60)); // -(2 - 2^-60), exact
        assertEquals(0x8000 | F80.BIAS, f.se);
        assertEquals(0xFFFF_FFFF_FFFF_FFF8L, f.m);
        F80Math.toF80(f, new F80Math.DD(-2.0, 0x1p-70)); // rounds to -2
        assertEquals(0x8000 | (F80.BIAS + 1), f.se);
        assertEquals(F80.INT_BIT, f.m);
    }
}
