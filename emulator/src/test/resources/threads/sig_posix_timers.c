/* POSIX timers: a periodic SIGEV_SIGNAL timer read with sigwaitinfo (si_code, si_value),
 * a one-shot timer into a handler, and a SIGEV_THREAD timer whose callback runs in a new thread. */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static sem_t fired;
static volatile int thread_value;

static void on_usr2(int sig, siginfo_t *si, void *ctx) {
    (void) sig; (void) ctx;
    handled = si->si_code == SI_TIMER ? si->si_value.sival_int : -1;
}

static void callback(union sigval v) {
    thread_value = v.sival_int;
    sem_post(&fired);
}

int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN;
    ev.sigev_value.sival_int = 1234;
    timer_t t1;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t1) != 0) { perror("timer_create"); return 1; }
    struct itimerspec its = {{0, 50000000}, {0, 100000000}};
    timer_settime(t1, 0, &its, NULL);
    for (int i = 0; i < 3; i++) {
        siginfo_t si;
        int s = sigwaitinfo(&set, &si);
        printf("tick %d: %s code=%s value=%d\n", i, s == SIGRTMIN ? "SIGRTMIN" : "?",
               si.si_code == SI_TIMER ? "SI_TIMER" : "?", si.si_value.sival_int);
    }
    struct itimerspec cur;
    timer_gettime(t1, &cur);
    printf("interval kept: %ld ns\n", cur.it_interval.tv_nsec);
    timer_delete(t1);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    ev.sigev_signo = SIGUSR2;
    ev.sigev_value.sival_int = 77;
    timer_t t2;
    timer_create(CLOCK_REALTIME, &ev, &t2);
    struct itimerspec once = {{0, 0}, {0, 20000000}};
    timer_settime(t2, 0, &once, NULL);
    while (!handled) pause();
    printf("one-shot handler saw value %d\n", (int) handled);
    timer_delete(t2);

    sem_init(&fired, 0, 0);
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = callback;
    ev.sigev_value.sival_int = 99;
    timer_t t3;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t3) != 0) { perror("timer_create thread"); return 1; }
    timer_settime(t3, 0, &once, NULL);
    sem_wait(&fired);
    printf("SIGEV_THREAD callback got %d\n", thread_value);
    timer_delete(t3);
    return 0;
}
