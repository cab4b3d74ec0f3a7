/* Barriers between phases, a reader/writer lock over a table, and 16 threads. */
#include <pthread.h>
#include <stdio.h>

#define N 16
static pthread_barrier_t bar;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int table[N];
static long seen[N];

static void *work(void *arg) {
    int id = (int) (long) arg;
    pthread_rwlock_wrlock(&rw);
    table[id] = id * id;
    pthread_rwlock_unlock(&rw);
    pthread_barrier_wait(&bar);
    for (int round = 0; round < 50; round++) {
        pthread_rwlock_rdlock(&rw);
        long s = 0;
        for (int i = 0; i < N; i++) s += table[i];
        seen[id] = s;
        pthread_rwlock_unlock(&rw);
    }
    int last = pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD;
    return (void *) (long) last;
}

int main(void) {
    pthread_t t[N];
    pthread_barrier_init(&bar, NULL, N);
    for (long i = 0; i < N; i++) pthread_create(&t[i], NULL, work, (void *) i);
    int serial = 0;
    for (int i = 0; i < N; i++) {
        void *r;
        pthread_join(t[i], &r);
        serial += (int) (long) r;
    }
    int agree = 1;
    for (int i = 0; i < N; i++) if (seen[i] != seen[0]) agree = 0;
    printf("sum=%ld agree=%d serial=%d\n", seen[0], agree, serial);
    pthread_barrier_destroy(&bar);
    return 0;
}
