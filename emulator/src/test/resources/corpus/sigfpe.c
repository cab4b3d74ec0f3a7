//! status: 136
/* Integer division by zero: idiv raises #DE, the kernel delivers SIGFPE (status 136). */
#include <stdio.h>
int main(void) {
    volatile int zero = 0;
    volatile int x = 7;
    fprintf(stderr, "dividing by zero\n");
    printf("%d\n", x / zero);
    return 0;
}
