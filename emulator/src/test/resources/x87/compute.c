/* Long double code as gcc compiles it (x87 only: built with -mno-sse), for
 * X87CompiledCodeTest: the same object runs natively and in the emulator. */
typedef struct {
    long double in[16];
    long double out[64];
    long long ll[16];
    unsigned long long ull[16];
    int ii[16];
    double d[16];
    float f[16];
    int c[48];
} io_t;

static long double horner(long double x) {
    static const long double coef[] = {1.0L, -0.5L, 0.333333333333333333333L, -0.25L, 0.2L, -0.1666666666666666666667L};
    long double r = 0;
    for (int i = 5; i >= 0; i--) r = r * x + coef[i];
    return r;
}

void compute(io_t *io) {
    long double *x = io->in;
    int k = 0, c = 0;
    for (int i = 0; i < 8; i++) {
        long double a = x[i], b = x[i + 8];
        io->out[k++] = a + b;
        io->out[k++] = a * b - a / (b + 1.5L);
        io->out[k++] = horner(a) + __builtin_fabsl(b) * 3;
        io->out[k++] = __builtin_sqrtl(__builtin_fabsl(a) + 1) - b * b * b;
        io->ll[i] = (long long) a;
        io->ll[i + 8] = (long long) (b * 1e6L);
        io->ull[i] = (unsigned long long) __builtin_fabsl(a * 1e10L);
        io->ull[i + 8] = (unsigned long long) io->ll[i] + (unsigned long long) io->ll[i + 8];
        io->ii[i] = (int) (a / 7);
        io->ii[i + 8] = (short) (b * 3);
        io->d[i] = (double) (a - b);
        io->d[i + 8] = (double) io->ull[i] / 3;
        io->f[i] = (float) (a * b);
        io->f[i + 8] = (float) io->d[i] + (float) b;
        io->c[c++] = a < b;
        io->c[c++] = a == b;
        io->c[c++] = a >= b ? 7 : (a != a) ? 9 : -1;
        io->c[c++] = __builtin_isnan(a) + 2 * __builtin_isinf(b) + 4 * (a > 0) + 8 * (b <= 0);
        io->c[c++] = __builtin_signbit(a - b) != 0;
        io->c[c++] = (long double) io->ull[i] > a;
    }
    /* A running sum, a min/max chain (fcmov) and int <-> long double round trips. */
    long double s = 0, lo = x[0], hi = x[0];
    for (int i = 0; i < 16; i++) {
        s += x[i] / (i + 1);
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
    }
    io->out[k++] = s;
    io->out[k++] = lo;
    io->out[k++] = hi;
    io->out[k++] = (long double) io->ll[3] + (long double) io->ull[5] + (long double) io->ii[2];
}
