/* SIGALRM from alarm() ends a pause(); setitimer fires three periodic SIGALRMs into sigsuspend. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;

static void on_alarm(int sig) { (void) sig; ticks++; }

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarm(2);
    printf("alarm remaining after re-arm: %u\n", alarm(1));
    int r = pause();
    printf("pause returned %d errno=%s ticks=%d\n", r, errno == EINTR ? "EINTR" : "?", (int) ticks);

    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    struct itimerval it = {{0, 200000}, {0, 300000}};
    setitimer(ITIMER_REAL, &it, NULL);
    while (ticks < 4) sigsuspend(&old);
    struct itimerval stop = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &stop, NULL);
    printf("ticks after sigsuspend loop: %d\n", (int) ticks);
    return 0;
}
