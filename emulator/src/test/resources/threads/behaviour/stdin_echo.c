/* A reader thread copies stdin to stdout while the main thread keeps counting: reading stdin
 * must park only the reader. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static volatile int reader_done;

static void *reader(void *arg) {
    (void) arg;
    char buf[256];
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) write(1, buf, (size_t) n);
    reader_done = 1;
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    long spins = 0;
    while (!reader_done) { spins++; sched_yield(); }
    pthread_join(t, NULL);
    printf("main kept running: %d\n", spins > 0);
    return 0;
}
