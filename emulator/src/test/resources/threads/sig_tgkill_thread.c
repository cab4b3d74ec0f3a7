/* tgkill to another thread: its handler runs in that thread (gettid), waking it from a blocked sigsuspend; pthread_kill too. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

static volatile pid_t handler_tid, worker_tid;
static volatile int got;
static pthread_barrier_t ready;

static void on_usr1(int sig) { (void) sig; handler_tid = (pid_t) syscall(SYS_gettid); got++; }

static void *worker(void *arg) {
    (void) arg;
    worker_tid = (pid_t) syscall(SYS_gettid);
    sigset_t none;
    sigemptyset(&none);
    pthread_barrier_wait(&ready);
    while (got < 1) sigsuspend(&none);
    while (got < 2) sigsuspend(&none);
    return NULL;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &block, NULL); /* main never takes it; the worker unblocks in sigsuspend */
    pthread_barrier_init(&ready, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_barrier_wait(&ready);
    syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1);
    while (got < 1) usleep(1000);
    printf("handler ran in the worker: %d\n", handler_tid == worker_tid);
    pthread_kill(t, SIGUSR1);
    pthread_join(t, NULL);
    printf("got %d, main is not the handler thread: %d\n", got, handler_tid != getpid());
    return 0;
}
