/* Clock reads whose values we do not print (they differ run to run): only monotonicity and sanity. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
int main(void) {
    struct timespec a, b, r;
    clock_gettime(CLOCK_MONOTONIC, &a);
    volatile long spin = 0;
    for (long i = 0; i < 200000; i++) spin += i;
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long da = a.tv_sec * 1000000000LL + a.tv_nsec, db = b.tv_sec * 1000000000LL + b.tv_nsec;
    printf("monotonic non-decreasing: %d\n", db >= da);
    printf("nsec in range: %d %d\n", a.tv_nsec >= 0 && a.tv_nsec < 1000000000L, b.tv_nsec >= 0 && b.tv_nsec < 1000000000L);
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    printf("realtime after 2020: %d\n", rt.tv_sec > 1577836800L);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("gettimeofday after 2020: %d usec ok: %d\n", tv.tv_sec > 1577836800L, tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    time_t t = time(NULL);
    printf("time() after 2020: %d\n", t > 1577836800L);
    printf("resolution query ok: %d\n", clock_getres(CLOCK_MONOTONIC, &r) == 0);
    return 0;
}
