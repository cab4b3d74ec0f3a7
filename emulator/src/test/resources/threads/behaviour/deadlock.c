/* Two threads take two mutexes in opposite orders and meet in the middle: a deadlock. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both;

static void *other(void *arg) {
    (void) arg;
    pthread_mutex_lock(&b);
    pthread_barrier_wait(&both);
    pthread_mutex_lock(&a);
    return NULL;
}

int main(void) {
    pthread_barrier_init(&both, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, other, NULL);
    pthread_mutex_lock(&a);
    pthread_barrier_wait(&both);
    printf("both hold one lock\n");
    fflush(stdout);
    pthread_mutex_lock(&b);
    pthread_join(t, NULL);
    return 0;
}
