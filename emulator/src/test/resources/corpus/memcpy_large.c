//! strace
/* Large copies and fills (4 KiB .. 1 MiB): the sizes where glibc switches to rep movsb/stosb or
 * non-temporal stores, at several misalignments, checked by hash and by spot checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
int main(void) {
    size_t max = 1u << 20;
    unsigned char *a = malloc(max + 128), *b = malloc(max + 128);
    for (size_t i = 0; i < max + 128; i++) a[i] = (unsigned char)(i * 131 + (i >> 9));
    for (size_t n = 4096; n <= max; n *= 4) {
        for (int mis = 0; mis < 3; mis++) {
            size_t so = (size_t)mis * 7, dof = (size_t)mis * 13 + 1;
            memset(b, 0x5a, n + 64);
            memcpy(b + dof, a + so, n);
            uint64_t h = fnv_add(FNV_INIT, b + dof, n < 65536 ? n : 65536);
            int ends = b[dof - 1] == 0x5a && b[dof + n] == 0x5a && b[dof + n - 1] == a[so + n - 1];
            memmove(b + dof + 3, b + dof, n - 3);
            int moved = b[dof + n - 1] == a[so + n - 4] && b[dof + 3] == a[so];
            memset(b + dof, mis, n);
            int filled = b[dof] == mis && b[dof + n - 1] == mis && b[dof + n] != mis;
            printf("n=%zu mis=%d hash=%016llx ends=%d moved=%d filled=%d cmp=%d\n", n, mis, (unsigned long long)h, ends,
                   moved, filled, memcmp(a, a, n) == 0);
        }
    }
    free(a);
    free(b);
    return 0;
}
