/* connect() to addresses outside the machine's loopback: each must fail at once with ENETUNREACH. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        int v6 = strchr(argv[i], ':') != NULL;
        int s = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
        int r;
        if (v6) {
            struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(atoi(argv[i + 1]))};
            inet_pton(AF_INET6, argv[i], &a.sin6_addr);
            r = connect(s, (struct sockaddr *)&a, sizeof a);
        } else {
            struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[i + 1]))};
            inet_pton(AF_INET, argv[i], &a.sin_addr);
            r = connect(s, (struct sockaddr *)&a, sizeof a);
        }
        printf("tcp %s %s: %d %s\n", argv[i], argv[i + 1], r, r < 0 ? strerror(errno) : "connected");
        close(s);
        int u = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[i + 1]))};
        if (!v6) {
            inet_pton(AF_INET, argv[i], &a.sin_addr);
            r = sendto(u, "x", 1, 0, (struct sockaddr *)&a, sizeof a);
            printf("udp %s %s: %d %s\n", argv[i], argv[i + 1], r, r < 0 ? strerror(errno) : "sent");
        }
        close(u);
    }
    return 0;
}
