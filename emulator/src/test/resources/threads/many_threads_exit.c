/* 200 short-lived threads in waves; a condition broadcast to 12 waiters (musl requeues them);
 * finally main leaves with pthread_exit and the last worker's exit ends the process with status 0. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static int started, released;
static long total;

static void *tiny(void *arg) {
    pthread_mutex_lock(&m);
    total += (long) arg;
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *waiter(void *arg) {
    (void) arg;
    pthread_mutex_lock(&m);
    started++;
    while (!released) pthread_cond_wait(&go, &m);
    total += 1000;
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *last(void *arg) {
    (void) arg;
    usleep(20000);
    printf("last worker: total %ld\n", total);
    fflush(stdout);
    return NULL;
}

int main(void) {
    for (int wave = 0; wave < 10; wave++) {
        pthread_t t[20];
        for (long i = 0; i < 20; i++) pthread_create(&t[i], NULL, tiny, (void *) (wave * 20 + i));
        for (int i = 0; i < 20; i++) pthread_join(t[i], NULL);
    }
    pthread_t w[12];
    for (int i = 0; i < 12; i++) pthread_create(&w[i], NULL, waiter, NULL);
    for (;;) {
        pthread_mutex_lock(&m);
        int s = started;
        if (s == 12) { released = 1; pthread_cond_broadcast(&go); }
        pthread_mutex_unlock(&m);
        if (s == 12) break;
        sched_yield();
    }
    for (int i = 0; i < 12; i++) pthread_join(w[i], NULL);
    printf("after waves and broadcast: %ld\n", total);
    fflush(stdout);
    pthread_t l;
    pthread_create(&l, NULL, last, NULL);
    pthread_detach(l);
    pthread_exit(NULL);
}
