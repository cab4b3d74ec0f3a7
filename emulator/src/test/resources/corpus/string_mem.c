/* memcpy/memmove/memset/memcmp/memchr/memrchr/mempcpy/memmem over lengths 0..300 and
 * unaligned starts, hashed per function so a wrong edge case shows which routine broke.
 * glibc picks SSE2 variants for these; the lengths cross their 16/32/64/128-byte paths. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include "corpus.h"
#define BUF 640
static unsigned char src[BUF], dst[BUF];
static void fill(unsigned char *p, int seed) { for (int i = 0; i < BUF; i++) p[i] = (unsigned char)(i * 7 + seed); }
static const int aligns[] = {0, 1, 3, 7, 8, 13, 15, 16, 31, 33, 63};
#define NA (int)(sizeof aligns / sizeof aligns[0])
int main(void) {
    uint64_t hcpy = FNV_INIT, hmove = FNV_INIT, hset = FNV_INIT, hcmp = FNV_INIT, hchr = FNV_INIT,
             hrchr = FNV_INIT, hpcpy = FNV_INIT, hmem = FNV_INIT;
    for (int ai = 0; ai < NA; ai++) {
        int sa = aligns[ai], da = aligns[(ai * 5 + 3) % NA];
        for (int len = 0; len <= 300; len++) {
            fill(src, 1); fill(dst, 99);
            memcpy(dst + da, src + sa, len);
            hcpy = fnv_add(hcpy, dst + (da ? da - 1 : 0), len + 2);
            void *e = mempcpy(dst + da, src + sa + 1, len);
            hpcpy = fnv_u64(hpcpy, (uint64_t)((unsigned char *)e - dst));
            /* overlapping both ways */
            fill(dst, 5);
            memmove(dst + da + 17, dst + da, len);
            hmove = fnv_add(hmove, dst + da, len + 18);
            fill(dst, 6);
            memmove(dst + da, dst + da + 9, len);
            hmove = fnv_add(hmove, dst + da, len + 10);
            fill(dst, 7);
            memset(dst + da, len & 0xff, len);
            hset = fnv_add(hset, dst + (da ? da - 1 : 0), len + 2);
            /* memcmp: equal, then differ at the last byte, first byte, a middle byte */
            fill(dst, 1);
            memcpy(dst + da, src + sa, len);
            int c0 = memcmp(dst + da, src + sa, len), c1 = 0, c2 = 0, c3 = 0;
            if (len > 0) {
                dst[da + len - 1] ^= 0x80; c1 = memcmp(dst + da, src + sa, len); dst[da + len - 1] ^= 0x80;
                dst[da] += 1; c2 = memcmp(dst + da, src + sa, len); dst[da] -= 1;
                dst[da + len / 2] -= 3; c3 = memcmp(src + sa, dst + da, len); dst[da + len / 2] += 3;
            }
            hcmp = fnv_u64(hcmp, (uint64_t)((c0 > 0) - (c0 < 0)) * 1 + ((c1 > 0) - (c1 < 0)) * 3 +
                                    ((c2 > 0) - (c2 < 0)) * 9 + ((c3 > 0) - (c3 < 0)) * 27);
            /* memchr/memrchr: absent, at the ends, in the middle */
            memset(dst, 'a', BUF);
            unsigned char *base = dst + sa;
            if (len > 0) { base[len / 3] = 'x'; base[len - 1] = 'y'; base[(len * 2) / 3] = 'x'; }
            base[len] = 'z';
            const unsigned char *p1 = memchr(base, 'x', len), *p2 = memchr(base, 'y', len),
                                *p3 = memchr(base, 'z', len), *p4 = memrchr(base, 'x', len),
                                *p5 = memrchr(base, 'a', len), *p6 = memrchr(base, 'z', len);
            hchr = fnv_u64(hchr, p1 ? (uint64_t)(p1 - base) : 999);
            hchr = fnv_u64(hchr, p2 ? (uint64_t)(p2 - base) : 999);
            hchr = fnv_u64(hchr, p3 ? (uint64_t)(p3 - base) : 999);
            hrchr = fnv_u64(hrchr, p4 ? (uint64_t)(p4 - base) : 999);
            hrchr = fnv_u64(hrchr, p5 ? (uint64_t)(p5 - base) : 999);
            hrchr = fnv_u64(hrchr, p6 ? (uint64_t)(p6 - base) : 999);
            const unsigned char needle[] = "xay";
            const unsigned char *m = memmem(base, len, needle, len % 4);
            hmem = fnv_u64(hmem, m ? (uint64_t)(m - base) : 999);
        }
        printf("align src=%d dst=%d: cpy=%016llx move=%016llx set=%016llx cmp=%016llx\n", sa, da,
               (unsigned long long)hcpy, (unsigned long long)hmove, (unsigned long long)hset, (unsigned long long)hcmp);
        printf("  chr=%016llx rchr=%016llx pcpy=%016llx mem=%016llx\n", (unsigned long long)hchr,
               (unsigned long long)hrchr, (unsigned long long)hpcpy, (unsigned long long)hmem);
    }
    return 0;
}
