/* sscanf of ints/doubles/strings/char sets, strtol/strtoul/strtoll/strtod round trips (every printed
 * double must read back to the same bits), bases, overflow clamping with errno. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
int main(void) {
    int a, b, n; unsigned x; long long ll; double d; float f; char word[32], rest[32];
    int r = sscanf("  -17 42 0x1F 9223372036854775807 2.5e-3 1.5 hello [tail]", "%d %i %x %lld %lf %f %31s %31[^]]",
                   &a, &b, &x, &ll, &d, &f, word, rest);
    printf("r=%d a=%d b=%d x=%u ll=%lld d=%.17g f=%.9g word=%s rest=%s\n", r, a, b, x, ll, d, f, word, rest);
    r = sscanf("12abc", "%d%n", &a, &n);
    printf("r=%d a=%d consumed=%d\n", r, a, n);
    r = sscanf("nope", "%d", &a);
    printf("r=%d\n", r);
    r = sscanf("", "%d", &a);
    printf("empty r=%d\n", r);
    r = sscanf("077 0x10 10", "%i %i %o", &a, &b, &x);
    printf("r=%d %d %d %u\n", r, a, b, x);
    const char *ints[] = {"0", "-0", "+12", "  -2147483648", "9223372036854775807", "9223372036854775808",
                          "-9223372036854775809", "0x7fffffffffffffff", "0777", "zz", "12z", "18446744073709551615",
                          "18446744073709551616", "-1"};
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        char *end;
        errno = 0; long l = strtol(ints[i], &end, 0); int e1 = errno; long consumed = end - ints[i];
        errno = 0; unsigned long ul = strtoul(ints[i], &end, 10); int e2 = errno;
        errno = 0; long l36 = strtol(ints[i], NULL, 36); int e3 = errno;
        printf("%s: strtol=%ld(%d,%ld) strtoul=%lu(%d) base36=%ld(%d) atoi=%d\n", ints[i], l, e1 == ERANGE, consumed,
               ul, e2 == ERANGE, l36, e3 == ERANGE, atoi(ints[i]));
    }
    const char *dbls[] = {"0", "-0.0", "1e308", "1e309", "-1e-320", "4.9e-324", "2.2250738585072014e-308", "0x1.8p3",
                          "inf", "-Infinity", "nan", "3.14159265358979323846264338", ".5", "5.", "1e", "+.e1",
                          "123456789012345678901234567890", "0.1", "1.7976931348623157e308"};
    for (unsigned i = 0; i < sizeof dbls / sizeof dbls[0]; i++) {
        char *end;
        errno = 0;
        double v = strtod(dbls[i], &end);
        printf("%s: %.17g consumed=%ld erange=%d float=%.9g\n", dbls[i], v, (long)(end - dbls[i]), errno == ERANGE,
               strtof(dbls[i], NULL));
    }
    int bad = 0;
    uint64_t h = FNV_INIT;
    for (int i = 0; i < 3000; i++) {
        uint64_t bits = lcg_next();
        double v;
        memcpy(&v, &bits, sizeof v);
        if (v != v) continue;
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", v);
        double back = strtod(buf, NULL);
        bad += memcmp(&back, &v, sizeof v) != 0;
        h = fnv_add(h, buf, strlen(buf));
        double s;
        sscanf(buf, "%lf", &s);
        bad += memcmp(&s, &v, sizeof v) != 0;
    }
    printf("round trips: bad=%d hash=%016llx\n", bad, (unsigned long long)h);
    return 0;
}
