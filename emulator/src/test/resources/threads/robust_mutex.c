/* A robust mutex whose owner thread exits while holding it: the next locker gets EOWNERDEAD. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t m;

static void *die_holding(void *arg) {
    (void) arg;
    pthread_mutex_lock(&m);
    return NULL; /* exits without unlocking */
}

int main(void) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&m, &a);
    pthread_t t;
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&m);
    printf("lock after owner died: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
    if (r == EOWNERDEAD) printf("consistent: %d\n", pthread_mutex_consistent(&m));
    printf("unlock: %d\n", pthread_mutex_unlock(&m));
    printf("relock: %d\n", pthread_mutex_lock(&m));
    pthread_mutex_unlock(&m);
    return 0;
}
