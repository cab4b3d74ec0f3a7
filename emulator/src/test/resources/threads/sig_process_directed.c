/* Process-directed signals (kill, alarm) go to the one thread that does not block them. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

static volatile pid_t usr2_tid, alrm_tid, worker_tid;
static volatile int stop;

static void on_sig(int sig) {
    pid_t me = (pid_t) syscall(SYS_gettid);
    if (sig == SIGUSR2) usr2_tid = me;
    else alrm_tid = me;
}

static void *worker(void *arg) {
    (void) arg;
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    worker_tid = (pid_t) syscall(SYS_gettid);
    while (!stop) pause();
    return NULL;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sig;
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigaddset(&block, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &block, NULL);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!worker_tid) usleep(1000);
    kill(getpid(), SIGUSR2);
    while (!usr2_tid) usleep(1000);
    alarm(1);
    while (!alrm_tid) usleep(1000);
    printf("SIGUSR2 went to the worker: %d\n", usr2_tid == worker_tid);
    printf("SIGALRM went to the worker: %d\n", alrm_tid == worker_tid);
    stop = 1;
    pthread_kill(t, SIGUSR2);
    pthread_join(t, NULL);
    return 0;
}
