//! strace
/* The smallest useful guest: stdio start-up, one buffered write, clean exit. */
#include <stdio.h>
int main(void) {
    puts("hello, world");
    printf("%s %d %c\n", "binfarm", 2026, '!');
    return 0;
}
