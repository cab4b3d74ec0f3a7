//! writable
//! strace
/* Writing to the rootfs (the emulator's opt-in copy-on-write layer): create, write, append, truncate,
 * read back, rename, mkdir/rmdir, unlink, and O_EXCL on an existing file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static void show(const char *path) {
    char buf[128] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("%s: errno %d\n", path, errno); return; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    for (ssize_t i = 0; i < n; i++) if (buf[i] == '\n') buf[i] = '|';
    printf("%s: %zd [%s]\n", path, n, buf);
}
int main(void) {
    int fd = open("/data/new.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    printf("create: %d\n", fd >= 0);
    write(fd, "first line\n", 11);
    close(fd);
    FILE *f = fopen("/data/new.txt", "a");
    fprintf(f, "appended %d\n", 42);
    fclose(f);
    show("/data/new.txt");
    fd = open("/data/lines.txt", O_WRONLY);
    write(fd, "ALPHA", 5);
    close(fd);
    show("/data/lines.txt");
    truncate("/data/lines.txt", 12);
    show("/data/lines.txt");
    /* one call per statement: the order in which printf's arguments are evaluated is unspecified */
    int r = open("/data/new.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
    printf("excl on existing: %d errno=%d\n", r, errno);
    r = mkdir("/data/made", 0755);
    printf("mkdir: %d", r);
    r = mkdir("/data/made", 0755);
    printf(" again: %d errno=%d\n", r, errno);
    printf("rename: %d\n", rename("/data/new.txt", "/data/made/moved.txt"));
    show("/data/made/moved.txt");
    show("/data/new.txt");
    r = rmdir("/data/made");
    printf("rmdir non-empty: %d errno=%d\n", r, errno);
    r = unlink("/data/made/moved.txt");
    printf("unlink: %d", r);
    r = rmdir("/data/made");
    printf(" rmdir: %d\n", r);
    struct stat st;
    printf("gone: %d\n", stat("/data/made", &st) == -1 && errno == ENOENT);
    printf("unlink original: %d\n", unlink("/data/poem.txt"));
    show("/data/poem.txt");
    return 0;
}
