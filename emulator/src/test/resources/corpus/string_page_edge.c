/* String routines on data that ends exactly at the end of a readable page, the next page PROT_NONE.
 * glibc's SSE2 versions read whole aligned 16/32/64-byte chunks and must never touch the next page;
 * an emulator must let those in-page over-reads succeed and fault only on a real crossing. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>
#include "corpus.h"
int main(void) {
    long page = sysconf(_SC_PAGESIZE);
    char *base = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED || mprotect(base + page, page, PROT_NONE) != 0) { puts("setup failed"); return 1; }
    char *end = base + page;
    char dst[512];
    uint64_t h = FNV_INIT;
    for (int len = 0; len <= 300; len++) {
        char *s = end - len - 1; /* the NUL is the last byte of the readable page */
        for (int i = 0; i < len; i++) s[i] = (char)('a' + (i * 5) % 26);
        s[len] = 0;
        h = fnv_u64(h, strlen(s));
        h = fnv_u64(h, strnlen(s, 400));
        char *c = strchr(s, 'z');
        h = fnv_u64(h, c ? (uint64_t)(c - s) : 999);
        c = strrchr(s, 'a');
        h = fnv_u64(h, c ? (uint64_t)(c - s) : 999);
        h = fnv_u64(h, (uint64_t)(strchrnul(s, '#') - s));
        strcpy(dst, s);
        h = fnv_u64(h, (uint64_t)strcmp(dst, s) + 7);
        h = fnv_u64(h, (uint64_t)(strcasecmp(dst, s) + 7));
        h = fnv_u64(h, (uint64_t)(strncmp(s, dst, 400) + 7));
        h = fnv_u64(h, strspn(s, "abcdefghijklm") * 1000 + strcspn(s, "xyz"));
        h = fnv_u64(h, (uint64_t)(memchr(s, 0, len + 1) == s + len));
        char *m = end - len; /* a buffer of len bytes ending at the page end, no NUL */
        memset(m, 'q', len);
        if (len) m[len - 1] = 'r';
        void *r = memchr(m, 'r', len);
        h = fnv_u64(h, r ? (uint64_t)((char *)r - m) : 999);
        r = memrchr(m, 'q', len);
        h = fnv_u64(h, r ? (uint64_t)((char *)r - m) : 999);
        memcpy(dst, m, len);
        h = fnv_u64(h, (uint64_t)(memcmp(dst, m, len) + 7));
        if (len % 50 == 0) printf("len %d: %016llx\n", len, (unsigned long long)h);
    }
    printf("final %016llx\n", (unsigned long long)h);
    return 0;
}
