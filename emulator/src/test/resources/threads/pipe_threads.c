/* Two threads talk through pipes: blocking reads park until the other thread writes; EOF after close. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int to_worker[2], to_main[2];

static void *worker(void *arg) {
    (void) arg;
    char buf[64];
    long total = 0;
    ssize_t n;
    while ((n = read(to_worker[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) total += buf[i];
        write(to_main[1], "ack", 3);
    }
    char msg[32];
    int len = snprintf(msg, sizeof msg, "total %ld", total);
    write(to_main[1], msg, len);
    close(to_main[1]);
    return NULL;
}

int main(void) {
    pipe(to_worker);
    pipe(to_main);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    char buf[256];
    for (int i = 0; i < 20; i++) {
        char c = (char) ('a' + i);
        write(to_worker[1], &c, 1);
        if (read(to_main[0], buf, 3) != 3 || memcmp(buf, "ack", 3) != 0) { printf("bad ack\n"); return 1; }
    }
    close(to_worker[1]);
    /* a big write that fills the pipe is not needed here; read the final message to EOF */
    size_t got = 0;
    ssize_t n;
    while ((n = read(to_main[0], buf + got, sizeof buf - 1 - got)) > 0) got += (size_t) n;
    buf[got] = 0;
    pthread_join(t, NULL);
    printf("%s\n", buf);
    return 0;
}
