/* __thread variables are per thread; detached threads signal completion through a semaphore. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

static __thread int tls_counter = 100;
static __thread char tls_name[16];
static sem_t done;
static int results[6];
static int distinct_tids = 1;
static pid_t tids[6];

static void *work(void *arg) {
    int id = (int) (long) arg;
    snprintf(tls_name, sizeof tls_name, "worker-%d", id);
    for (int i = 0; i < id * 10; i++) tls_counter++;
    results[id] = tls_counter;
    tids[id] = (pid_t) syscall(SYS_gettid);
    sem_post(&done);
    return NULL;
}

int main(void) {
    sem_init(&done, 0, 0);
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    for (long i = 0; i < 6; i++) {
        pthread_t t;
        if (pthread_create(&t, &a, work, (void *) i) != 0) return 1;
    }
    for (int i = 0; i < 6; i++) sem_wait(&done);
    for (int i = 0; i < 6; i++) printf("thread %d: %d\n", i, results[i]);
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < i; j++) if (tids[i] == tids[j] || tids[i] == getpid()) distinct_tids = 0;
    printf("main tls=%d name='%s' distinct tids=%d\n", tls_counter, tls_name, distinct_tids);
    return 0;
}
