//! status: 42
//! strace
/* Exit status 42 by returning from main. */
#include <stdio.h>
int main(int argc, char **argv) {
    printf("argc=%d returning 42\n", argc);
    return 42;
}
