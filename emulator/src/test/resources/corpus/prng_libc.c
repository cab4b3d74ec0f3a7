/* libc's seeded generators (rand/srand, random/srandom, rand_r, drand48 family) and integer helpers
 * (div, ldiv, lldiv, abs, labs, llabs, imaxdiv, imaxabs): all deterministic for a fixed seed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    srand(12345);
    long s = 0;
    for (int i = 0; i < 1000; i++) s += rand() % 1000;
    printf("rand sum=%ld RAND_MAX=%d\n", s, RAND_MAX);
    srandom(42);
    printf("random:");
    for (int i = 0; i < 5; i++) printf(" %ld", random());
    putchar('\n');
    unsigned seed = 7;
    printf("rand_r:");
    for (int i = 0; i < 5; i++) printf(" %d", rand_r(&seed));
    putchar('\n');
    srand48(2026);
    printf("drand48 %.17g lrand48 %ld mrand48 %ld\n", drand48(), lrand48(), mrand48());
    unsigned short xs[3] = {1, 2, 3};
    printf("erand48 %.17g nrand48 %ld jrand48 %ld\n", erand48(xs), nrand48(xs), jrand48(xs));
    int nums[] = {7, -7, 100, -100, 1, 0};
    for (int i = 0; i < 6; i++) {
        div_t d = div(nums[i], 3);
        ldiv_t ld = ldiv((long)nums[i] * 1000000000L, -7);
        lldiv_t lld = lldiv((long long)nums[i] * 3000000000LL, 11);
        imaxdiv_t im = imaxdiv((intmax_t)nums[i] - 5, 4);
        printf("%d: div=%d,%d ldiv=%ld,%ld lldiv=%lld,%lld imaxdiv=%jd,%jd abs=%d labs=%ld llabs=%lld imaxabs=%jd\n", nums[i],
               d.quot, d.rem, ld.quot, ld.rem, lld.quot, lld.rem, im.quot, im.rem, abs(nums[i]), labs((long)nums[i] * 3),
               llabs((long long)nums[i] * 5), imaxabs((intmax_t)nums[i] * 7));
    }
    return 0;
}
