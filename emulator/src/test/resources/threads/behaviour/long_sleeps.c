/* Threads sleeping 100 s of guest time in total: the virtual clock jumps, the run takes no real time. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void *nap(void *arg) {
    sleep((unsigned) (long) arg);
    return NULL;
}

int main(void) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pthread_t t[3];
    for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, nap, (void *) (30 + 10 * i));
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    sleep(50);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("guest seconds elapsed: %ld\n", (long) (t1.tv_sec - t0.tv_sec));
    return 0;
}
