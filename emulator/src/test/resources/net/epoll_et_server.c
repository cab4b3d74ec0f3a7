/* Edge-triggered epoll echo server: non-blocking sockets, serves until argv[2] connections have closed. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int port = atoi(argv[1]), want = atoi(argv[2]);
    int s = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1, zero = 0;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_any};
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); return 1; }
    if (listen(s, 512) < 0) { perror("listen"); return 1; }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.fd = s};
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
    int closed = 0, accepted = 0, maxOpen = 0, open = 0;
    long bytes = 0;
    struct epoll_event evs[64];
    while (closed < want) {
        int n = epoll_wait(ep, evs, 64, -1);
        if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == s) {
                for (;;) {
                    int c = accept4(s, NULL, NULL, SOCK_NONBLOCK);
                    if (c < 0) { if (errno == EAGAIN) break; perror("accept4"); return 1; }
                    struct epoll_event ce = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                    accepted++;
                    if (++open > maxOpen) maxOpen = open;
                }
                continue;
            }
            char buf[2048];
            for (;;) {
                ssize_t r = read(fd, buf, sizeof buf);
                if (r > 0) {
                    bytes += r;
                    if (write(fd, buf, r) != r) { perror("write"); return 1; }
                    continue;
                }
                if (r < 0 && errno == EAGAIN) break;
                epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
                close(fd);
                open--;
                closed++;
                break;
            }
        }
    }
    printf("accepted %d, closed %d, at most %d open, %ld bytes\n", accepted, closed, maxOpen, bytes);
    return 0;
}
