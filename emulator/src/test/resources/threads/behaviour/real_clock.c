/* Sleeps in two threads at once and reports the date and the guest time that passed. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static long long ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *nap(void *arg) {
    struct timespec d = {0, 200000000};
    nanosleep(&d, 0);
    return arg;
}

int main(void) {
    long long date = ns(CLOCK_REALTIME) / 1000000000LL, t0 = ns(CLOCK_MONOTONIC);
    pthread_t t;
    pthread_create(&t, 0, nap, 0);
    struct timespec d = {0, 300000000};
    nanosleep(&d, 0);
    pthread_join(t, 0);
    printf("%lld %lld\n", date, (ns(CLOCK_MONOTONIC) - t0) / 1000000);
    return 0;
}
