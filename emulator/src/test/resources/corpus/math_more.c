/* More libm: atan2 hypot cbrt log10 log2 log1p expm1 sinh cosh tanh asin acos atan, frexp ldexp modf,
 * rint/nearbyint/lrint/lround, copysign nextafter fmin fmax remainder, float variants (sqrtf, sinf, powf). */
#include <math.h>
#include <stdio.h>
int main(void) {
    double xs[] = {0.0, 0.25, -0.5, 0.9999, 1.5, -2.75, 10.0, 1e-8, 1e8, 2.5, 3.5, -3.5};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        int e;
        double ip;
        double fr = frexp(x, &e);
        double mf = modf(x, &ip);
        printf("x=%.17g atan2=%.17g hypot=%.17g cbrt=%.17g log10=%.17g log2=%.17g log1p=%.17g expm1=%.17g\n", x,
               atan2(x, 1.25), hypot(x, 3.0), cbrt(x), log10(fabs(x) + 1), log2(fabs(x) + 1), log1p(fabs(x)), expm1(x));
        printf("  sinh=%.17g cosh=%.17g tanh=%.17g asin=%.17g acos=%.17g atan=%.17g\n", sinh(x), cosh(x), tanh(x),
               asin(x / 11), acos(x / 11), atan(x));
        printf("  frexp=%.17g,%d ldexp=%.17g modf=%.17g,%.17g rint=%.17g nearbyint=%.17g lrint=%ld lround=%ld\n", fr, e,
               ldexp(x, 7), mf, ip, rint(x), nearbyint(x), lrint(x), lround(x));
        printf("  copysign=%.17g nextafter=%.17g fmin=%.17g fmax=%.17g remainder=%.17g fma=%.17g\n", copysign(3.0, x),
               nextafter(x, 100.0), fmin(x, 0.5), fmax(x, 0.5), remainder(x, 0.75), fma(x, 1.0 / 3.0, 0.1));
        float f = (float)x;
        printf("  float: sqrtf=%.9g sinf=%.9g cosf=%.9g expf=%.9g logf=%.9g powf=%.9g floorf=%.9g\n", sqrtf(fabsf(f)),
               sinf(f), cosf(f), expf(f / 4), logf(fabsf(f) + 1), powf(fabsf(f) + 0.5f, 1.7f), floorf(f));
    }
    return 0;
}
