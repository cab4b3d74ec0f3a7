/* Signal handlers: raise() into a handler, SIGSEGV caught and escaped with siglongjmp, sigprocmask
 * blocking and the pending signal delivered on unblock, SA_RESETHAND, and a handler's siginfo fields. */
#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
static volatile sig_atomic_t hits, last_sig, last_code;
static sigjmp_buf escape;
static void on_usr(int sig) { hits++; last_sig = sig; }
static void on_info(int sig, siginfo_t *si, void *uc) { (void)uc; last_sig = sig; last_code = si->si_code; hits++; }
static void on_segv(int sig) { (void)sig; siglongjmp(escape, 1); }
int main(void) {
    signal(SIGUSR1, on_usr);
    raise(SIGUSR1);
    printf("after raise: hits=%d sig=%d\n", (int)hits, (int)last_sig);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("siginfo: sig=%d code_is_tkill=%d hits=%d\n", (int)last_sig, last_code == SI_TKILL, (int)hits);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    raise(SIGUSR1);
    sigset_t pending;
    sigpending(&pending);
    printf("blocked: hits=%d pending=%d\n", (int)hits, sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: hits=%d\n", (int)hits);
    signal(SIGSEGV, on_segv);
    for (int i = 0; i < 3; i++) {
        if (sigsetjmp(escape, 1) == 0) {
            volatile int *volatile p = (int *)(uintptr_t)(16 + i * 8);
            *p = 1;
            puts("not reached");
        } else {
            printf("escaped SIGSEGV #%d\n", i);
        }
    }
    sa.sa_handler = on_usr;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    printf("resethand: hits=%d default_now=%d\n", (int)hits, now.sa_handler == SIG_DFL);
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    puts("ignored SIGUSR2");
    fflush(stdout);
    return 0;
}
