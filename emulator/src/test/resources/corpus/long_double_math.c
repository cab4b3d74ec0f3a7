/* libm's long double functions (glibc implements several with x87 fsin/fcos/fpatan/fyl2x/f2xm1/fscale):
 * results printed to 21 significant digits and as hex, so any bit difference shows. */
#include <math.h>
#include <stdio.h>
int main(void) {
    long double xs[] = {0.0L, 1e-10L, 0.5L, 1.0L, -1.0L, 2.0L, 3.14159265358979323846L, 10.0L, -7.25L, 100.5L, 1e5L,
                        0.7853981633974483096L, 1.5707963267948966192L};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        long double x = xs[i];
        printf("x=%La\n sin=%La cos=%La tan=%La\n atan=%La atan2=%La asin=%La\n", x, sinl(x), cosl(x), tanl(x), atanl(x),
               atan2l(x, 0.75L), asinl(x / 1e6L));
        printf(" exp=%La exp2=%La expm1=%La log=%La log2=%La log10=%La log1p=%La\n", expl(x / 8), exp2l(x / 4),
               expm1l(x / 16), logl(fabsl(x) + 1), log2l(fabsl(x) + 1), log10l(fabsl(x) + 1), log1pl(fabsl(x)));
        printf(" pow=%La sqrt=%La cbrt=%La fmod=%La rint=%La floor=%La ceil=%La trunc=%La\n", powl(fabsl(x) + 0.5L, 1.75L),
               sqrtl(fabsl(x)), cbrtl(x), fmodl(x, 0.3L), rintl(x * 3), floorl(x), ceill(x), truncl(x));
        int e;
        long double fr = frexpl(x, &e); /* before printf: argument evaluation order is unspecified */
        printf(" frexp=%La,%d ldexp=%La scalbn=%La hypot=%La sinh=%La tanh=%La\n", fr, e, ldexpl(x, -9),
               scalbnl(x, 20), hypotl(x, 2.5L), sinhl(x / 10), tanhl(x / 3));
    }
    printf("%.21Lg %.21Lg %.21Lg\n", 4 * atanl(1.0L), expl(1.0L), sqrtl(2.0L));
    return 0;
}
