/* A thread blocked in read(2) on a pipe gets a signal: with SA_RESTART the read resumes and
 * returns the data written later; without it the read fails with EINTR. Also futex-based
 * sem_wait and nanosleep report EINTR. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static volatile int handled, done;
static sem_t never;

static void on_usr1(int sig) { (void) sig; handled++; }

static void *reader(void *arg) {
    (void) arg;
    char buf[16] = {0};
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    if (n < 0) printf("read: %s (handled: %d)\n", errno == EINTR ? "EINTR" : strerror(errno), handled > 0);
    else printf("read %zd bytes: %s (handled: %d)\n", n, buf, handled > 0);
    fflush(stdout);
    done = 1;
    return NULL;
}

static void *sem_waiter(void *arg) {
    (void) arg;
    int r = sem_wait(&never);
    printf("sem_wait: %d %s\n", r, r < 0 && errno == EINTR ? "EINTR" : "");
    struct timespec ts = {5, 0}, rem = {0, 0};
    r = nanosleep(&ts, &rem);
    printf("nanosleep: %d %s, remaining > 0: %d\n", r, r < 0 && errno == EINTR ? "EINTR" : "", rem.tv_sec > 0 || rem.tv_nsec > 0);
    fflush(stdout);
    done = 1;
    return NULL;
}

/* Signals the thread until it is done: a signal that comes before it blocks must not hang the host run. */
static void poke_until_done(pthread_t t) {
    while (!done) {
        pthread_kill(t, SIGUSR1);
        usleep(50000);
    }
    pthread_join(t, NULL);
    done = 0;
}

static void install(int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = flags;
    sigaction(SIGUSR1, &sa, NULL);
}

int main(void) {
    pipe(fds);
    pthread_t t;
    install(SA_RESTART);
    pthread_create(&t, NULL, reader, NULL);
    usleep(100000);
    pthread_kill(t, SIGUSR1);
    usleep(100000);
    write(fds[1], "later", 5);
    pthread_join(t, NULL);

    done = 0;

    install(0);
    pthread_create(&t, NULL, reader, NULL);
    usleep(100000);
    poke_until_done(t);

    sem_init(&never, 0, 0);
    pthread_create(&t, NULL, sem_waiter, NULL);
    usleep(100000);
    poke_until_done(t);
    return 0;
}
