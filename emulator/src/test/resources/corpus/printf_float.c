/* printf of doubles: %f %e %g %a (and upper-case), widths, precisions, flags, special values,
 * values that round at the last digit, subnormals, and huge exponents. */
#include <float.h>
#include <math.h>
#include <stdio.h>
int main(void) {
    double vals[] = {0.0, -0.0, 1.0, -1.5, 0.1, 0.5, 2.5, 1e-5, 123456.789, 1e15, 1e16, 1e21, 1e300, -1e-300,
                     3.141592653589793, 2.718281828459045, 0.000123456, 9.999999, 0.995, 1.005, 5e-324,
                     DBL_MAX, DBL_MIN, DBL_EPSILON, 1.0 / 3.0, 2.0 / 3.0, 100.0, 1234567.0, INFINITY, -INFINITY, NAN};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("[%f] [%.0f] [%.2f] [%10.3f] [%-10.1f|] [%+f] [%e] [%.3e] [%E] [%g] [%.10g] [%#g] [%G] [%a] [%.3a] [%A]\n",
               v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v);
        printf("  [%.17g] [%.20f] [%015.4f] [% .5g] [%.0e] [%#.0f]\n", v, v < 1e30 && v > -1e30 ? v : 0.0, v, v, v, v);
    }
    float f = 1.1f;
    printf("float promoted: %.10f %g %a\n", f, f, f);
    for (int p = 0; p <= 20; p++) printf("%.*f|", p, 0.1 + 0.2);
    putchar('\n');
    for (int e = -10; e <= 10; e++) printf("%g ", pow(10.0, e) * 1.25);
    putchar('\n');
    return 0;
}
