/* 8 threads add to a shared counter under a mutex; join; the sum is exact. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *work(void *arg) {
    long n = (long) arg;
    for (long i = 0; i < 20000; i++) {
        pthread_mutex_lock(&lock);
        counter += n;
        pthread_mutex_unlock(&lock);
    }
    return (void *) (n * 2);
}

int main(void) {
    pthread_t t[8];
    for (long i = 0; i < 8; i++) pthread_create(&t[i], NULL, work, (void *) (i + 1));
    long sum = 0;
    for (int i = 0; i < 8; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (long) r;
    }
    printf("counter=%ld returns=%ld\n", counter, sum);
    return 0;
}
