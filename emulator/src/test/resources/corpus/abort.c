//! strace
//! status: 134
/* abort(): SIGABRT, shell status 134; earlier stderr output must still appear. */
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    fprintf(stderr, "about to abort\n");
    fflush(stdout);
    abort();
}
