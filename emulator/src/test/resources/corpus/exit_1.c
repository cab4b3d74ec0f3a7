//! status: 1
/* Exit status 1 through exit(), with atexit handlers running in reverse order. */
#include <stdio.h>
#include <stdlib.h>
static void first(void) { puts("atexit: registered first, runs last"); }
static void second(void) { puts("atexit: registered second, runs first"); }
int main(void) {
    atexit(first);
    atexit(second);
    puts("main returns via exit(1)");
    exit(1);
}
