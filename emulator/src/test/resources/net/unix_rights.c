/* AF_UNIX: SCM_RIGHTS over a socketpair, a named (abstract and path) listener, datagrams, peeking. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int sendfd(int s, int fd, const char *msg) {
    struct iovec iov = {(void *)msg, strlen(msg)};
    char ctl[CMSG_SPACE(sizeof(int))];
    memset(ctl, 0, sizeof ctl);
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    return sendmsg(s, &m, 0);
}

static int recvfd(int s, char *buf, int len, int *fd) {
    struct iovec iov = {buf, len};
    char ctl[CMSG_SPACE(sizeof(int))];
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
    int n = recvmsg(s, &m, MSG_CMSG_CLOEXEC);
    *fd = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) memcpy(fd, CMSG_DATA(c), sizeof *fd);
    return n;
}

int main(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int p[2];
    pipe(p);
    write(p[1], "through the pipe", 16);
    printf("sendmsg %d\n", sendfd(sv[0], p[0], "fd!"));
    close(p[0]);
    char buf[64] = {0};
    int fd;
    int n = recvfd(sv[1], buf, sizeof buf, &fd);
    printf("recvmsg %d '%.*s' got fd %d cloexec %d\n", n, n, buf, fd >= 0, fd >= 0 ? (fcntl(fd, F_GETFD) & FD_CLOEXEC) : -1);
    memset(buf, 0, sizeof buf);
    n = read(fd, buf, sizeof buf);
    printf("read via passed fd: %d '%s'\n", n, buf);

    const char *names[2] = {"\0binfarm-abstract", "/tmp/binfarm.sock"};
    for (int k = 0; k < 2; k++) {
        struct sockaddr_un a = {.sun_family = AF_UNIX};
        int nl = k == 0 ? 17 : (int)strlen(names[1]);
        memcpy(a.sun_path, names[k], nl);
        socklen_t al = offsetof(struct sockaddr_un, sun_path) + nl + (k == 1);
        int l = socket(AF_UNIX, SOCK_STREAM, 0);
        if (k == 1) unlink(names[1]);
        if (bind(l, (struct sockaddr *)&a, al) < 0) { printf("bind %d: %s\n", k, strerror(errno)); continue; }
        listen(l, 4);
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        printf("connect %d: %d\n", k, connect(c, (struct sockaddr *)&a, al));
        int s = accept(l, NULL, NULL);
        write(c, "ping", 4);
        memset(buf, 0, sizeof buf);
        n = recv(s, buf, sizeof buf, MSG_PEEK);
        printf("peek %d '%s'\n", n, buf);
        n = recv(s, buf, sizeof buf, 0);
        write(s, "pong", 4);
        n = read(c, buf, sizeof buf);
        printf("reply %d '%.4s'\n", n, buf);
        struct sockaddr_un got;
        socklen_t gl = sizeof got;
        getpeername(c, (struct sockaddr *)&got, &gl);
        printf("peer name length %d matches %d\n", (int)gl, gl == al && memcmp(got.sun_path, a.sun_path, nl) == 0);
        close(c);
        printf("eof after close: %zd\n", read(s, buf, sizeof buf));
        close(s);
        close(l);
        if (k == 1) unlink(names[1]);
    }
    int d[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
    send(d[0], "one", 3, 0);
    send(d[0], "second", 6, 0);
    n = recv(d[1], buf, 2, 0);
    printf("dgram truncated %d\n", n);
    n = recv(d[1], buf, sizeof buf, 0);
    printf("dgram whole %d '%.6s'\n", n, buf);
    n = recv(d[1], buf, sizeof buf, MSG_DONTWAIT);
    printf("dgram empty %d %s\n", n, strerrordesc_np(errno));
    close(sv[0]);
    signal(SIGPIPE, SIG_IGN);
    n = write(sv[1], "x", 1);
    printf("write to closed peer %d %s\n", n, strerrordesc_np(errno));
    return 0;
}
