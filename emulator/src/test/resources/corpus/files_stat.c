/* stat/fstat/lstat/access on files and directories: type, size, and errors (ENOENT, ENOTDIR). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static void show(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) { printf("stat %s: errno=%d (%s)\n", path, errno, strerror(errno)); return; }
    printf("stat %s: %s size=%lld\n", path, S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other",
           S_ISREG(st.st_mode) ? (long long)st.st_size : -1LL);
}
int main(void) {
    const char *paths[] = {"/data/lines.txt", "/data/empty.txt", "/data/dir", "/data/dir/sub/inner.txt", "/data",
                           "/", "/data/nope", "/data/lines.txt/child", "data/poem.txt", "/data/../data/./ints.txt"};
    for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; i++) show(paths[i]);
    int fd = open("/data/numbers.txt", O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    printf("fstat numbers: size=%lld reg=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    close(fd);
    int readable = access("/data/poem.txt", R_OK);
    int missing = access("/data/none", F_OK) == -1 && errno == ENOENT;
    printf("access: %d %d\n", readable, missing);
    return 0;
}
