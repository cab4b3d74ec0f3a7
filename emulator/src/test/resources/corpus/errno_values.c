//! strace
/* errno for failing calls: missing files, bad descriptors, wrong types, bad seeks, not-a-tty. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#define SHOW(expr) do { errno = 0; long r_ = (long)(expr); printf("%-40s = %ld errno=%d %s\n", #expr, r_, errno, strerror(errno)); } while (0)
int main(void) {
    char buf[8];
    SHOW(open("/no/such/file", O_RDONLY));
    SHOW(open("/data/lines.txt/x", O_RDONLY));
    SHOW(open("", O_RDONLY));
    SHOW(read(99, buf, 1));
    SHOW(write(-1, "x", 1));
    SHOW(close(77));
    SHOW(lseek(0, 0, SEEK_SET));
    int fd = open("/data/lines.txt", O_RDONLY);
    SHOW(lseek(fd, 0, 42));
    SHOW(lseek(fd, -100, SEEK_SET));
    SHOW(write(fd, "x", 1));
    SHOW(isatty(fd));
    SHOW(isatty(0));
    close(fd);
    int dfd = open("/data", O_RDONLY);
    SHOW(read(dfd, buf, 1));
    close(dfd);
    FILE *f = fopen("/missing.txt", "r");
    printf("fopen missing: %s errno=%d\n", f ? "ok" : "NULL", errno);
    errno = ENOENT;
    perror("perror says");
    return 0;
}
