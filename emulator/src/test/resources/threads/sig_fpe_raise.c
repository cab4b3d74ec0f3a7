/* SIGFPE from an integer division by zero (handler skips via siglongjmp), raise and kill to self, sigtimedwait. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int usr1, fpe_code;

static void on_fpe(int sig, siginfo_t *si, void *ctx) { (void) ctx; fpe_code = si->si_code; siglongjmp(env, sig); }
static void on_usr1(int sig) { (void) sig; usr1++; }

int main(int argc, char **argv) {
    (void) argv;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    volatile int zero = argc - 1;
    if (sigsetjmp(env, 1) == 0) printf("quotient %d\n", 10 / zero);
    else printf("SIGFPE code %d (FPE_INTDIV=%d)\n", fpe_code, FPE_INTDIV);

    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("usr1 handled %d times\n", usr1);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    kill(getpid(), SIGUSR2);
    siginfo_t si;
    int s = sigwaitinfo(&set, &si);
    printf("sigwaitinfo: %d code %d\n", s, si.si_code);
    struct timespec ts = {0, 50000000};
    s = sigtimedwait(&set, &si, &ts);
    printf("sigtimedwait with nothing pending: %d\n", s);
    return 0;
}
