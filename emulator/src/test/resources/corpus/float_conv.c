/* Float/double/int conversions at the edges (cvttsd2si and friends, unsigned 64-bit conversions),
 * NaN/inf comparisons, float<->double rounding, and fenv rounding modes changing results. */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
int main(void) {
    volatile double ds[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 1e10, -1e10, 4294967295.0, 4294967296.5,
                            9.2233720368547758e18, 1.8446744073709552e19, -2147483648.0, 2147483647.9, 1e-320, 3.4e38, 3.5e38};
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        double d = ds[i];
        float f = (float)d;
        int64_t s64 = (d >= -9.2e18 && d <= 9.2e18) ? (int64_t)d : 0;
        uint64_t u64 = (d >= 0 && d < 1.8e19) ? (uint64_t)d : 0;
        int32_t s32 = (d > -2147483649.0 && d < 2147483648.0) ? (int32_t)d : 0;
        uint32_t u32 = (d >= 0 && d < 4294967296.0) ? (uint32_t)d : 0;
        printf("%.17g: f=%.9g fbits=%08x s64=%lld u64=%llu s32=%d u32=%u lrint=%ld bits=%016llx back=%.17g\n", d, f,
               *(uint32_t *)&f, (long long)s64, (unsigned long long)u64, s32, u32, lrint(d > 9e18 || d < -9e18 ? 0 : d),
               (unsigned long long)bits(d), (double)f);
    }
    uint64_t us[] = {0, 1, 0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x8000000000000401ULL, 12345678901234567ULL};
    for (unsigned i = 0; i < sizeof us / sizeof us[0]; i++) {
        volatile uint64_t u = us[i];
        printf("u64 %llu -> double %.17g float %.9g; s64 %lld -> double %.17g\n", (unsigned long long)u, (double)u,
               (float)u, (long long)(int64_t)u, (double)(int64_t)u);
    }
    volatile double nan = NAN, inf = INFINITY, one = 1.0;
    printf("nan==nan %d nan<1 %d nan>1 %d nan!=nan %d isnan %d inf>1 %d -inf<1 %d isinf %d signbit(-0) %d\n", nan == nan,
           nan < one, nan > one, nan != nan, isnan(nan), inf > one, -inf < one, isinf(inf), signbit(-0.0));
    printf("fmax(nan,1)=%g fmin(1,nan)=%g copysign(0,-1)=%g\n", fmax(nan, 1.0), fmin(1.0, nan), copysign(0.0, -1.0));
    int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    const char *names[] = {"nearest", "upward", "downward", "towardzero"};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        volatile double x = 1.0, y = 3.0;
        volatile float fx = 1.0f, fy = 3.0f;
        printf("%-10s 1/3=%.17g -1/3=%.17g f=%.9g rint(2.5)=%g rint(-2.5)=%g lrint(1.5)=%ld nearbyint(0.5)=%g\n", names[m],
               x / y, -x / y, fx / fy, rint(2.5), rint(-2.5), lrint(1.5), nearbyint(0.5));
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double z = 0.0;
    volatile double r = one / z;
    printf("1/0=%g divbyzero=%d ", r, fetestexcept(FE_DIVBYZERO) != 0);
    r = sqrt(-one);
    printf("invalid=%d ", fetestexcept(FE_INVALID) != 0);
    r = 1e308 * 10.0;
    printf("overflow=%d inexact=%d\n", fetestexcept(FE_OVERFLOW) != 0, fetestexcept(FE_INEXACT) != 0);
    return 0;
}
