//! strace
/* open/read/lseek/pread/close on rootfs files with odd buffer sizes, reading past EOF, an empty file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "corpus.h"
int main(void) {
    int fd = open("/data/lines.txt", O_RDONLY);
    if (fd < 0) { perror("open"); return 1; }
    char buf[64];
    ssize_t n, total = 0;
    uint64_t h = FNV_INIT;
    int reads = 0;
    while ((n = read(fd, buf, 7 + reads % 5)) > 0) { h = fnv_add(h, buf, n); total += n; reads++; }
    printf("read %zd bytes in %d reads, last=%zd, hash=%016llx\n", total, reads, n, (unsigned long long)h);
    off_t end = lseek(fd, 0, SEEK_END), mid = lseek(fd, 10, SEEK_SET);
    n = read(fd, buf, 5);
    printf("size=%lld at10=%lld got=%zd [%.*s]\n", (long long)end, (long long)mid, n, (int)n, buf);
    off_t cur = lseek(fd, -3, SEEK_CUR);
    n = pread(fd, buf, 6, 0);
    printf("cur=%lld pread=%zd [%.*s] pos-after-pread=%lld\n", (long long)cur, n, (int)n, buf, (long long)lseek(fd, 0, SEEK_CUR));
    lseek(fd, 1000, SEEK_SET);
    printf("read past EOF=%zd\n", read(fd, buf, sizeof buf));
    close(fd);
    fd = open("/data/empty.txt", O_RDONLY);
    printf("empty: fd>=0 %d, read=%zd\n", fd >= 0, read(fd, buf, sizeof buf));
    close(fd);
    fd = openat(AT_FDCWD, "data/dir/bin.dat", O_RDONLY);
    n = read(fd, buf, sizeof buf);
    printf("relative openat: %zd bytes:", n);
    for (ssize_t i = 0; i < n; i++) printf(" %02x", (unsigned char)buf[i]);
    putchar('\n');
    close(fd);
    return 0;
}
