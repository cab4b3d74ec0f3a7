/* Exit status 0 after output that only reaches the pipe when exit() flushes stdio. */
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    printf("flushed by exit");
    exit(0);
}
