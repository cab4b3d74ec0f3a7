/* setjmp/longjmp across frames and through recursion, with values 0 (turned into 1) and others,
 * volatile locals surviving, and sigsetjmp without a mask. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;
static void dive(int depth, int target) {
    depth_reached = depth;
    if (depth == target) longjmp(env, depth);
    char pad[64];
    pad[depth % 64] = (char)depth;
    dive(depth + 1, target + (pad[depth % 64] & 0));
}
static void zero(void) { longjmp(env, 0); }
int main(void) {
    for (int t = 1; t <= 200; t *= 3) {
        volatile int local = t * 10;
        int r = setjmp(env);
        if (r == 0) { local++; dive(0, t); puts("not reached"); }
        printf("target %d: setjmp returned %d, depth %d, local %d\n", t, r, depth_reached, local);
    }
    int r = setjmp(env);
    if (r == 0) zero();
    printf("longjmp(env, 0) made setjmp return %d\n", r);
    volatile int count = 0;
    if (sigsetjmp(senv, 0) < 5) { count++; siglongjmp(senv, count); }
    printf("sigsetjmp loop ran %d times\n", count);
    return 0;
}
