/* SIGSEGV handler recovers with siglongjmp, three times; si_addr is the faulting address. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf env;
static volatile void *fault_addr;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    (void) ctx;
    fault_addr = si->si_addr;
    siglongjmp(env, sig);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 1; i <= 3; i++) {
        volatile long *p = (volatile long *) (long) (0x1000 * i);
        int r = sigsetjmp(env, 1);
        if (r == 0) {
            *p = 42;
            printf("no fault?\n");
        } else {
            printf("recovered %d: signal %d at %p\n", i, r, (void *) fault_addr);
        }
    }
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("SIGSEGV blocked after siglongjmp: %d\n", sigismember(&cur, SIGSEGV));
    return 0;
}
