/* long double (x87 80-bit) arithmetic, conversions and printf("%Lg")/%Lf/%La, strtold, sqrtl/fabsl. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    long double a = 1.0L / 3.0L, b = 2.0L / 7.0L;
    printf("a=%.21Lg b=%.21Lg\n", a, b);
    printf("sum=%.21Lg diff=%.21Lg prod=%.21Lg quot=%.21Lg\n", a + b, a - b, a * b, a / b);
    long double f = 1.0L;
    for (int i = 1; i <= 25; i++) { f *= i; printf("%d! = %.25Lg (%Le)\n", i, f, f); }
    long double x = 1e4000L;
    printf("big=%Lg tiny=%Lg\n", x, 1.0L / x);
    printf("eps=%Lg max=%Lg\n", (long double)__LDBL_EPSILON__, (long double)__LDBL_MAX__);
    long double vals[] = {0.0L, -0.0L, 0.1L, 1.5L, -2.25L, 1e-20L, 123456789.125L, 18446744073709551615.0L};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        long double v = vals[i];
        printf("[%Lg] [%.3Lf] [%20.10Le] [%La] sqrt=%.20Lg ll=%lld ull=%llu dbl=%.17g\n", v, v, v, v, sqrtl(fabsl(v)),
               (long long)(v / 1000), (unsigned long long)fabsl(v), (double)v);
    }
    long double p = strtold("3.14159265358979323846264338327950288", NULL);
    printf("strtold pi=%.21Lg cmp=%d %d %d\n", p, p > 3.14159265358979L, p < a, p == p);
    long double s = 0;
    for (int i = 1; i <= 1000; i++) s += 1.0L / ((long double)i * i);
    printf("basel partial=%.21Lg\n", s);
    return 0;
}
