/* Threads leave with the raw exit system call (not exit_group): the main thread with 7 first,
 * then the worker with 3 after printing. The process status is the last thread's (3). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

static void *worker(void *arg) {
    (void) arg;
    usleep(50000);
    printf("worker still runs after main left\n");
    fflush(stdout);
    syscall(SYS_exit, 3);
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    syscall(SYS_exit, 7);
    return 0;
}
