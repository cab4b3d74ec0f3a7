/* UDP: two sockets on 127.0.0.1 exchange datagrams; connected and unconnected sends; addresses checked. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in la = {.sin_family = AF_INET}, lb = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &la.sin_addr);
    lb.sin_addr = la.sin_addr;
    bind(a, (struct sockaddr *)&la, sizeof la);
    bind(b, (struct sockaddr *)&lb, sizeof lb);
    socklen_t l = sizeof la;
    getsockname(a, (struct sockaddr *)&la, &l);
    l = sizeof lb;
    getsockname(b, (struct sockaddr *)&lb, &l);
    printf("ports distinct %d nonzero %d\n", la.sin_port != lb.sin_port, la.sin_port && lb.sin_port);
    int total = 0;
    for (int i = 0; i < 50; i++) {
        char msg[64], buf[64];
        int n = snprintf(msg, sizeof msg, "datagram %d", i);
        sendto(a, msg, n, 0, (struct sockaddr *)&lb, sizeof lb);
        struct pollfd p = {b, POLLIN};
        if (poll(&p, 1, 2000) != 1) { printf("timeout at %d\n", i); return 1; }
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        int r = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
        if (r != n || memcmp(buf, msg, n) || from.sin_port != la.sin_port) { printf("bad datagram %d\n", i); return 1; }
        sendto(b, buf, r, 0, (struct sockaddr *)&from, fl);
        r = recv(a, buf, sizeof buf, 0);
        if (r != n) { printf("bad reply %d\n", i); return 1; }
        total += r;
    }
    printf("exchanged 50 datagrams, %d bytes each way\n", total);
    connect(a, (struct sockaddr *)&lb, sizeof lb);
    send(a, "connected", 9, 0);
    char buf[16];
    int r = recv(b, buf, sizeof buf, 0);
    printf("connected send %d '%.9s'\n", r, buf);
    r = recv(b, buf, sizeof buf, MSG_DONTWAIT);
    printf("empty %d %s\n", r, errno == EAGAIN ? "EAGAIN" : "?");
    return 0;
}
