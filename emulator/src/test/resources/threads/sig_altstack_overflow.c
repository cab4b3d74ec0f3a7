/* Unbounded recursion overflows the stack; the SIGSEGV handler runs on a sigaltstack and exits cleanly. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

static char altstack[64 * 1024];
static volatile int depth;

static void on_segv(int sig) {
    stack_t ss;
    sigaltstack(NULL, &ss);
    char msg[96];
    int n = snprintf(msg, sizeof msg, "caught signal %d on the alternate stack: %d, deep: %d\n", sig,
                     (ss.ss_flags & SS_ONSTACK) != 0, depth > 1000);
    write(1, msg, n);
    _exit(3);
}

static int recurse(int n) {
    volatile char pad[512];
    pad[0] = (char) n;
    depth = n;
    return recurse(n + 1) + pad[0];
}

int main(void) {
    struct rlimit rl = {1 << 20, 1 << 20};
    setrlimit(RLIMIT_STACK, &rl);
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0) { perror("sigaltstack"); return 1; }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    printf("recursing\n");
    fflush(stdout);
    return recurse(0);
}
