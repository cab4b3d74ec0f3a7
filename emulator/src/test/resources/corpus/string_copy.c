/* strlen/strnlen/strcpy/strncpy/stpcpy/stpncpy/strcat/strncat over lengths 0..300 and
 * unaligned starts (strings that end near 16/32/64-byte boundaries). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include "corpus.h"
#define BUF 1024
static char src[BUF], dst[BUF];
static void make(char *p, int len, int seed) {
    memset(p - 1, '#', len + 34);
    for (int i = 0; i < len; i++) p[i] = (char)('A' + (i * 13 + seed) % 50);
    p[len] = 0;
}
int main(void) {
    uint64_t hlen = FNV_INIT, hnlen = FNV_INIT, hcpy = FNV_INIT, hncpy = FNV_INIT, hstp = FNV_INIT,
             hcat = FNV_INIT, hncat = FNV_INIT;
    for (int sa = 1; sa < 34; sa += 3) {
        int da = (sa * 11) % 32 + 1;
        for (int len = 0; len <= 300; len++) {
            char *s = src + sa;
            make(s, len, sa);
            hlen = fnv_u64(hlen, strlen(s));
            hnlen = fnv_u64(hnlen, strnlen(s, len / 2) * 1000 + strnlen(s, len + 5));
            memset(dst, '.', BUF);
            char *r = strcpy(dst + da, s);
            hcpy = fnv_add(hcpy, dst + da - 1, len + 3);
            hcpy = fnv_u64(hcpy, (uint64_t)(r - dst));
            memset(dst, '.', BUF);
            strncpy(dst + da, s, len / 2 + 1);
            hncpy = fnv_add(hncpy, dst + da - 1, len + 3);
            memset(dst, '.', BUF);
            strncpy(dst + da, s, len + 20); /* pads with NULs */
            hncpy = fnv_add(hncpy, dst + da - 1, len + 22);
            memset(dst, '.', BUF);
            char *e = stpcpy(dst + da, s);
            hstp = fnv_u64(hstp, (uint64_t)(e - dst));
            e = stpncpy(dst + da, s, len / 3);
            hstp = fnv_u64(hstp, (uint64_t)(e - dst));
            memset(dst, '.', BUF);
            strcpy(dst + da, "head:");
            strcat(dst + da, s);
            strcat(dst + da, ":tail");
            hcat = fnv_add(hcat, dst + da, strlen(dst + da) + 2);
            strcpy(dst + da, "x");
            strncat(dst + da, s, len / 2);
            strncat(dst + da, s, len + 10);
            hncat = fnv_add(hncat, dst + da, strlen(dst + da) + 2);
        }
        printf("src+%d dst+%d len=%016llx nlen=%016llx cpy=%016llx ncpy=%016llx stp=%016llx cat=%016llx ncat=%016llx\n",
               sa, da, (unsigned long long)hlen, (unsigned long long)hnlen, (unsigned long long)hcpy,
               (unsigned long long)hncpy, (unsigned long long)hstp, (unsigned long long)hcat, (unsigned long long)hncat);
    }
    printf("empty: %zu %zu\n", strlen(""), strnlen("abc", 0));
    return 0;
}
