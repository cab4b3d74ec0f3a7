//! strace
//! status: 139
/* A store through a null pointer: SIGSEGV (status 139). */
#include <stdio.h>
int main(void) {
    volatile int *volatile p = 0;
    fprintf(stderr, "writing through NULL\n");
    *p = 1;
    puts("not reached");
    return 0;
}
