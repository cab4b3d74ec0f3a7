/* Deliberately racy: 4 threads increment a shared counter without a lock (lost updates) and
 * note who ran in a shared log at a racy index. Output depends on the schedule; in the
 * emulator the schedule depends only on the seed. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define ITERS 300000
static volatile long counter;
static volatile int log_pos;
static char log_buf[4096];

/* A call between the load and the store: the emulator preempts at basic-block boundaries,
 * so this is where an update can be lost (as on a real CPU, anywhere). */
__attribute__((noipa)) static long step(int i) { return i >= 0 ? 1 : 2; }

static void *work(void *arg) {
    char id = (char) ('A' + (long) arg);
    for (int i = 0; i < ITERS; i++) {
        long v = counter;
        v = v + step(i);
        counter = v;
        if (i % 4096 == 0) {
            int p = log_pos;
            if (p < (int) sizeof log_buf - 1) log_buf[p] = id;
            log_pos = p + 1;
        }
    }
    return NULL;
}

int main(void) {
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, work, (void *) i);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    printf("counter %ld of %d\nlog %s\n", counter, THREADS * ITERS, log_buf);
    return 0;
}
