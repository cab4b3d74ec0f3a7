//! strace
/* malloc of every size class up to 64 KiB plus a few mmap-sized blocks, written and checksummed;
 * frees in a scrambled order, then calloc must hand back zeroed memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
#define N 600
int main(void) {
    static unsigned char *blocks[N];
    static size_t sizes[N];
    uint64_t h = FNV_INIT;
    for (int i = 0; i < N; i++) {
        size_t sz = i < 300 ? (size_t)i : i < 560 ? (size_t)(lcg_next() % 65536) : (size_t)(200000 + (i - 560) * 50000);
        sizes[i] = sz;
        blocks[i] = malloc(sz);
        if (!blocks[i] && sz) { printf("malloc(%zu) failed\n", sz); return 1; }
        for (size_t k = 0; k < sz; k += (sz > 4096 ? 61 : 1)) blocks[i][k] = (unsigned char)(k + i);
        if (((uintptr_t)blocks[i] & 15) != 0) printf("block %d misaligned\n", i);
    }
    for (int i = 0; i < N; i++)
        for (size_t k = 0; k < sizes[i]; k += (sizes[i] > 4096 ? 61 : 1)) h = fnv_u64(h, blocks[i][k] ^ (unsigned char)(k + i));
    for (int step = 0; step < N; step++) {
        int i = (step * 337) % N;
        free(blocks[i]);
        blocks[i] = NULL;
    }
    size_t zeros = 0, total = 0;
    for (int i = 1; i < 200; i++) {
        size_t n = (size_t)i * 37;
        unsigned char *c = calloc(n, 1);
        for (size_t k = 0; k < n; k++) zeros += c[k] == 0;
        total += n;
        memset(c, 0xff, n);
        free(c);
    }
    printf("checksum=%016llx zeros=%zu/%zu\n", (unsigned long long)h, zeros, total);
    void *big = malloc((size_t)64 << 20);
    printf("64MiB block %s\n", big ? "ok" : "failed");
    if (big) { memset((char *)big + ((size_t)32 << 20), 1, 4096); free(big); }
    return 0;
}
