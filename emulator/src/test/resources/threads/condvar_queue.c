/* A bounded producer/consumer queue with two condition variables: 2 producers, 3 consumers. */
#include <pthread.h>
#include <stdio.h>

#define CAP 4
#define ITEMS 3000
static int q[CAP], head, size, done_producers;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long consumed_sum[3], consumed_n[3];

static void *producer(void *arg) {
    int base = (int) (long) arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&m);
        while (size == CAP) pthread_cond_wait(&not_full, &m);
        q[(head + size++) % CAP] = base + i;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&m);
    }
    pthread_mutex_lock(&m);
    done_producers++;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&m);
    return NULL;
}

static void *consumer(void *arg) {
    int id = (int) (long) arg;
    for (;;) {
        pthread_mutex_lock(&m);
        while (size == 0 && done_producers < 2) pthread_cond_wait(&not_empty, &m);
        if (size == 0) { pthread_mutex_unlock(&m); return NULL; }
        int v = q[head];
        head = (head + 1) % CAP;
        size--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&m);
        consumed_sum[id] += v;
        consumed_n[id]++;
    }
}

int main(void) {
    pthread_t p[2], c[3];
    for (long i = 0; i < 3; i++) pthread_create(&c[i], NULL, consumer, (void *) i);
    for (long i = 0; i < 2; i++) pthread_create(&p[i], NULL, producer, (void *) (i * 100000));
    for (int i = 0; i < 2; i++) pthread_join(p[i], NULL);
    for (int i = 0; i < 3; i++) pthread_join(c[i], NULL);
    long sum = 0, n = 0;
    for (int i = 0; i < 3; i++) { sum += consumed_sum[i]; n += consumed_n[i]; }
    printf("items=%ld sum=%ld\n", n, sum);
    return 0;
}
