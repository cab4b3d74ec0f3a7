//! strace
/* Direct system calls without stdio: write, writev, getcwd, mmap/munmap/mprotect (anonymous), brk,
 * and a few getters whose results do not depend on the host (so they print the same everywhere). */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
static void out(const char *s) { write(1, s, strlen(s)); }
static void num(long v) {
    char b[24]; int i = 23; int neg = v < 0; unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
    b[i] = 0;
    do { b[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (neg) b[--i] = '-';
    out(b + i);
}
int main(void) {
    out("write: plain\n");
    struct iovec iov[3] = {{"writev: ", 8}, {"three ", 6}, {"pieces\n", 7}};
    num(writev(1, iov, 3)); out(" bytes via writev\n");
    char cwd[256];
    out("cwd: "); out(getcwd(cwd, sizeof cwd) ? cwd : "?"); out("\n");
    size_t len = 1 << 20;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { out("mmap failed\n"); return 1; }
    long zeros = 0;
    for (size_t i = 0; i < len; i += 4096) zeros += p[i] == 0;
    for (size_t i = 0; i < len; i += 4096) p[i] = (unsigned char)i;
    long sum = 0;
    for (size_t i = 0; i < len; i += 4096) sum += p[i];
    out("mmap pages zero: "); num(zeros); out(" sum: "); num(sum); out("\n");
    out("mprotect: "); num(mprotect(p, 4096, PROT_READ)); out("\n");
    out("munmap half: "); num(munmap(p + len / 2, len / 2)); out("\n");
    out("munmap rest: "); num(munmap(p, len / 2)); out("\n");
    /* raw brk: musl's sbrk refuses to grow, so talk to the kernel directly */
    char *b0 = (char *)syscall(SYS_brk, 0);
    char *b1 = (char *)syscall(SYS_brk, b0 + 65536);
    out("brk grew by: "); num(b1 - b0); out("\n");
    memset(b0, 7, 65536);
    out("brk shrink back: "); num((char *)syscall(SYS_brk, b0) == b0); out("\n");
    out("page size: "); num(sysconf(_SC_PAGESIZE)); out("\n");
    return 0;
}
