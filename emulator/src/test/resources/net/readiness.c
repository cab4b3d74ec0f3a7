/* poll, ppoll, select, pselect and epoll over pipes, eventfd, timerfd and a socketpair; prints what is ready. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static void show(const char *what, struct pollfd *p, int n, int r) {
    printf("%s -> %d:", what, r);
    for (int i = 0; i < n; i++) printf(" %x", p[i].revents);
    printf("\n");
}

int main(void) {
    int pp[2], sp[2];
    pipe2(pp, O_NONBLOCK);
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sp);
    int efd = eventfd(0, EFD_NONBLOCK | EFD_SEMAPHORE);
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct pollfd p[6] = {{pp[0], POLLIN}, {pp[1], POLLOUT}, {sp[0], POLLIN | POLLOUT}, {sp[1], POLLIN}, {efd, POLLIN | POLLOUT}, {tfd, POLLIN}};
    show("empty", p, 6, poll(p, 6, 0));
    write(pp[1], "x", 1);
    write(sp[1], "hello", 5);
    uint64_t v = 3;
    write(efd, &v, 8);
    show("filled", p, 6, poll(p, 6, 0));
    int r = read(efd, &v, 8);
    printf("eventfd semaphore read %d value %llu\n", r, (unsigned long long)v);
    r = read(tfd, &v, 8);
    printf("timerfd unarmed read %d errno %s\n", r, r < 0 ? strerrordesc_np(errno) : "-");
    struct itimerspec its = {.it_value = {0, 50 * 1000 * 1000}, .it_interval = {0, 10 * 1000 * 1000}};
    timerfd_settime(tfd, 0, &its, NULL);
    struct pollfd tp = {tfd, POLLIN};
    show("timer poll 1s", &tp, 1, poll(&tp, 1, 1000));
    r = read(tfd, &v, 8);
    printf("timerfd read %d expirations>=1 %d\n", r, v >= 1);
    struct itimerspec cur;
    timerfd_gettime(tfd, &cur);
    printf("interval %ld ns\n", cur.it_interval.tv_nsec);
    its.it_value.tv_nsec = 0; its.it_interval.tv_nsec = 0;
    timerfd_settime(tfd, 0, &its, NULL);
    struct timespec ts = {0, 20 * 1000 * 1000};
    struct pollfd q = {pp[0], POLLIN};
    char c;
    read(pp[0], &c, 1);
    show("ppoll drained 20ms", &q, 1, ppoll(&q, 1, &ts, NULL));
    fd_set rs, ws;
    FD_ZERO(&rs); FD_ZERO(&ws);
    FD_SET(pp[0], &rs); FD_SET(sp[0], &rs); FD_SET(pp[1], &ws);
    struct timeval tv = {0, 10000};
    r = select(sp[0] + 1, &rs, &ws, NULL, &tv);
    printf("select -> %d: pipe-in %d sock-in %d pipe-out %d\n", r, FD_ISSET(pp[0], &rs), FD_ISSET(sp[0], &rs), FD_ISSET(pp[1], &ws));
    FD_ZERO(&rs);
    FD_SET(pp[0], &rs);
    struct timespec pts = {0, 10000000};
    printf("pselect empty -> %d\n", pselect(pp[0] + 1, &rs, NULL, NULL, &pts, NULL));
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN | EPOLLET, .data.u64 = 7};
    epoll_ctl(ep, EPOLL_CTL_ADD, sp[0], &e);
    e.events = EPOLLIN; e.data.u64 = 8;
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e);
    e.events = EPOLLIN | EPOLLONESHOT; e.data.u64 = 9;
    epoll_ctl(ep, EPOLL_CTL_ADD, pp[0], &e);
    write(pp[1], "y", 1);
    struct epoll_event out[8];
    for (int round = 0; round < 3; round++) {
        int n = epoll_wait(ep, out, 8, 0);
        printf("epoll round %d -> %d:", round, n);
        for (int i = 0; i < n; i++) printf(" %llu/%x", (unsigned long long)out[i].data.u64, out[i].events);
        printf("\n");
    }
    write(sp[1], "more", 4);
    int n = epoll_wait(ep, out, 8, 0);
    printf("after more data -> %d\n", n);
    e.events = EPOLLIN | EPOLLONESHOT; e.data.u64 = 9;
    epoll_ctl(ep, EPOLL_CTL_MOD, pp[0], &e);
    n = epoll_wait(ep, out, 8, 0);
    printf("after rearm -> %d\n", n);
    r = epoll_ctl(ep, EPOLL_CTL_ADD, efd, &e);
    printf("epoll_ctl twice: %d %s\n", r, strerrordesc_np(errno));
    close(sp[1]);
    struct pollfd h = {sp[0], POLLIN | POLLRDHUP};
    show("peer closed", &h, 1, poll(&h, 1, 0));
    n = epoll_wait(ep, out, 8, 100);
    printf("epoll timeout wait -> %d\n", n);
    return 0;
}
