//! status: 255
/* Exit status 255 through _exit(): unflushed stdio output must be lost, stderr is not buffered. */
#include <stdio.h>
#include <unistd.h>
int main(void) {
    printf("this line is lost because _exit skips stdio flushing\n");
    fprintf(stderr, "stderr is unbuffered\n");
    _exit(255);
}
