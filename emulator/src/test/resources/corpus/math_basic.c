/* libm basics printed with %.17g: sqrt sin cos tan exp log pow fmod floor ceil round trunc fabs. */
#include <math.h>
#include <stdio.h>
int main(void) {
    double xs[] = {0.0, -0.0, 0.5, 1.0, -1.0, 2.0, 3.0, 0.1, 1e-10, 1e10, 123.456, -7.5, 2.5, -2.5, 3.5, 1e300,
                   3.141592653589793, 6.283185307179586, 100.0, 0.7853981633974483, 1e22, -1e-300};
    for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        printf("x=%.17g\n sqrt=%.17g sin=%.17g cos=%.17g tan=%.17g\n exp=%.17g log=%.17g pow(x,1.5)=%.17g pow(2,x)=%.17g\n"
               " fmod(x,0.7)=%.17g floor=%.17g ceil=%.17g round=%.17g trunc=%.17g fabs=%.17g\n",
               x, sqrt(x), sin(x), cos(x), tan(x), exp(x), log(x), pow(x, 1.5), pow(2.0, x), fmod(x, 0.7), floor(x),
               ceil(x), round(x), trunc(x), fabs(x));
    }
    printf("specials: %g %g %g %g %g\n", sqrt(-1.0), log(0.0), exp(1000.0), pow(0.0, -1.0), fmod(1.0, 0.0));
    double acc = 0;
    for (int i = 1; i <= 2000; i++) acc += sin(i * 0.001) * cos(i * 0.002) + sqrt((double)i) / exp(i * 1e-3);
    printf("accumulated=%.17g\n", acc);
    return 0;
}
