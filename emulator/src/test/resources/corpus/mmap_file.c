/* File-backed mmap (MAP_PRIVATE, read-only and copy-on-write) of rootfs files, at an offset, and msync-free
 * reads past the end of the file within the last page (zeros). */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
    int fd = open("/data/lines.txt", O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    char *p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    printf("first line: %.5s size=%lld\n", p, (long long)st.st_size);
    int newlines = 0;
    for (off_t i = 0; i < st.st_size; i++) newlines += p[i] == '\n';
    printf("newlines=%d tail-zero=%d\n", newlines, p[st.st_size] == 0 && p[4095] == 0);
    char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    w[0] = 'A';
    printf("private write: %c, original still %c\n", w[0], p[0]);
    munmap(w, 4096);
    munmap(p, st.st_size);
    close(fd);
    int again = open("/data/lines.txt", O_RDONLY);
    char c;
    read(again, &c, 1);
    printf("file unchanged: %c\n", c);
    return 0;
}
