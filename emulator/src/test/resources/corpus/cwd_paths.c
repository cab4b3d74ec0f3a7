//! strace
/* Working directory and path resolution: chdir/fchdir, getcwd, relative opens, "..", "." and repeated
 * slashes, realpath, and ".." above the root staying at the root. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static void cat(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("open %s: failed\n", path); return; }
    char buf[32];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    for (ssize_t i = 0; i < n; i++) if (buf[i] == '\n') buf[i] = '|';
    printf("open %s: %s\n", path, buf);
}
int main(void) {
    char cwd[PATH_MAX];
    printf("start cwd=%s\n", getcwd(cwd, sizeof cwd));
    printf("chdir data/dir: %d\n", chdir("data/dir"));
    printf("cwd=%s\n", getcwd(cwd, sizeof cwd));
    cat("a.txt");
    cat("./sub/../b.txt");
    cat("../poem.txt");
    cat("../../data//dir///Z.txt");
    cat("../../../../../../data/ints.txt");
    printf("chdir missing: %d\n", chdir("nope"));
    printf("chdir file: %d\n", chdir("a.txt"));
    int root = open("/", O_RDONLY | O_DIRECTORY);
    printf("fchdir /: %d\n", fchdir(root));
    close(root);
    printf("cwd=%s\n", getcwd(cwd, sizeof cwd));
    printf("chdir ..: %d cwd=%s\n", chdir(".."), getcwd(cwd, sizeof cwd));
    char resolved[PATH_MAX];
    const char *paths[] = {"data/dir/../dir/./sub/inner.txt", "/data//lines.txt", "/../data", "missing/x"};
    for (int i = 0; i < 4; i++) {
        char *r = realpath(paths[i], resolved);
        printf("realpath %s = %s\n", paths[i], r ? r : "(fail)");
    }
    int dfd = open("/data/dir", O_RDONLY | O_DIRECTORY);
    int fd = openat(dfd, "sub/inner.txt", O_RDONLY);
    char c = 0;
    ssize_t got = read(fd, &c, 1);
    printf("openat(dirfd) ok=%d read=%zd c=%c\n", fd >= 0, got, c);
    return 0;
}
