/* TCP echo client: connects to 127.0.0.1:argv[1], sends argv[2] messages and checks each echo. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int port = atoi(argv[1]), count = argc > 2 ? atoi(argv[2]) : 100;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) { printf("connect: %s\n", strerror(errno)); return 1; }
    struct sockaddr_in peer;
    socklen_t pl = sizeof peer;
    getpeername(s, (struct sockaddr *)&peer, &pl);
    printf("connected to port %d\n", ntohs(peer.sin_port) == port);
    long bytes = 0;
    for (int i = 0; i < count; i++) {
        char msg[256], back[256];
        int len = snprintf(msg, sizeof msg, "message %d %0*d\n", i, i % 100, 7);
        if (send(s, msg, len, MSG_NOSIGNAL) != len) { perror("send"); return 1; }
        int got = 0;
        while (got < len) {
            ssize_t n = recv(s, back + got, len - got, 0);
            if (n <= 0) { printf("recv: %zd at %d\n", n, i); return 1; }
            got += n;
        }
        if (memcmp(msg, back, len) != 0) { printf("mismatch at %d\n", i); return 1; }
        bytes += len;
    }
    shutdown(s, SHUT_WR);
    char c;
    printf("eof %zd\n", recv(s, &c, 1, 0));
    close(s);
    printf("echoed %d messages, %ld bytes\n", count, bytes);
    return 0;
}
