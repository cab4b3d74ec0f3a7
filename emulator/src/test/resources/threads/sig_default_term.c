/* A signal with the default action terminates the process: exit status 128+SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("about to die\n");
    fflush(stdout);
    kill(getpid(), SIGTERM);
    printf("still alive?\n");
    return 0;
}
