/* Bit tricks: popcount, clz/ctz (bsr/bsf/lzcnt/tzcnt paths), bswap, rotates, parity, bit reversal,
 * bit test/set/clear, and the classic branch-free idioms. */
#include <stdint.h>
#include <stdio.h>
#include "corpus.h"
static uint64_t rev64(uint64_t x) {
    uint64_t r = 0;
    for (int i = 0; i < 64; i++) { r = (r << 1) | (x & 1); x >>= 1; }
    return r;
}
static uint64_t rol(uint64_t x, unsigned n) { n &= 63; return (x << n) | (x >> ((64 - n) & 63)); }
static uint32_t ror32(uint32_t x, unsigned n) { n &= 31; return (x >> n) | (x << ((32 - n) & 31)); }
int main(void) {
    for (int k = 0; k < 200; k++) {
        volatile uint64_t x = k < 64 ? (1ULL << k) : k < 128 ? ~(1ULL << (k - 64)) : lcg_next();
        uint32_t lo = (uint32_t)x;
        uint16_t w = (uint16_t)x;
        printf("%016llx pc=%d pc32=%d clz=%d ctz=%d clz32=%d ctz32=%d par=%d bs=%016llx bs32=%08x bs16=%04x"
               " rol=%016llx ror32=%08x rev=%016llx low=%llx iso=%llx abs=%lld sgn=%d\n",
               (unsigned long long)x, __builtin_popcountll(x), __builtin_popcount(lo),
               x ? __builtin_clzll(x) : 64, x ? __builtin_ctzll(x) : 64,
               lo ? __builtin_clz(lo) : 32, lo ? __builtin_ctz(lo) : 32, __builtin_parityll(x),
               (unsigned long long)__builtin_bswap64(x), __builtin_bswap32(lo), __builtin_bswap16(w),
               (unsigned long long)rol(x, k), ror32(lo, k * 3), (unsigned long long)rev64(x),
               (unsigned long long)(x & (x - 1)), (unsigned long long)(x & -x),
               (long long)((int64_t)x < 0 ? -(int64_t)x : (int64_t)x), ((int64_t)x > 0) - ((int64_t)x < 0));
        uint64_t m = x;
        for (int b = 0; b < 64; b += 7) {
            m ^= 1ULL << b;
            if (m & (1ULL << ((b * 5) & 63))) m |= 1ULL << ((b + 3) & 63); else m &= ~(1ULL << ((b + 1) & 63));
        }
        printf("  toggled=%016llx\n", (unsigned long long)m);
    }
    return 0;
}
