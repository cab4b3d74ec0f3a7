/* musl's long double libm (C kernels and its x87 assembly) for X87MuslLibmTest: the same object runs natively and in the emulator. */
#include <math.h>
typedef struct { long double in[16]; long double out[160]; int iout[32]; } io_t;
void compute(io_t *io) {
    long double *x = io->in;
    int k = 0;
    for (int i = 0; i < 8; i++) {
        long double a = x[i], b = x[i + 8];
        io->out[k++] = powl(a, b);
        io->out[k++] = cbrtl(a);
        io->out[k++] = sinl(a);
        io->out[k++] = cosl(b);
        io->out[k++] = tanl(a);
        io->out[k++] = expl(a);
        io->out[k++] = logl(b);
        io->out[k++] = atan2l(a, b);
        io->out[k++] = fmodl(a, b);
        io->out[k++] = remquol(a, b, &io->iout[i]);
        io->out[k++] = hypotl(a, b);
        io->out[k++] = erfl(a);
        io->out[k++] = lgammal(a);
        io->out[k++] = sqrtl(b);
        io->out[k++] = rintl(a);
        io->out[k++] = floorl(b) + ceill(a);
        io->out[k++] = asinhl(a);
        io->out[k++] = atanl(b);
        io->out[k++] = log1pl(a);
        io->out[k++] = expm1l(b);
        io->iout[i + 8] = ilogbl(a);
        io->iout[i + 16] = (int) lrintl(b);
    }
}
