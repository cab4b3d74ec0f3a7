/* Threads sleeping different times finish in sleep order; pthread_cancel of a thread blocked in pause(). */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int order[4], next;

static void *sleeper(void *arg) {
    long ms = (long) arg;
    struct timespec ts = {0, ms * 1000000};
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&m);
    order[next++] = (int) ms;
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *forever(void *arg) {
    (void) arg;
    for (;;) pause();
    return NULL;
}

int main(void) {
    long ms[4] = {400, 100, 300, 200}; /* 100 ms apart: the host run must not reorder under load */
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, sleeper, (void *) ms[i]);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("order: %d %d %d %d\n", order[0], order[1], order[2], order[3]);
    pthread_t f;
    pthread_create(&f, NULL, forever, NULL);
    usleep(10000);
    pthread_cancel(f);
    void *r;
    pthread_join(f, &r);
    printf("cancelled: %d\n", r == PTHREAD_CANCELED);
    return 0;
}
