/* Shifts by variable counts (0, 1, 31, 32, 63 and masked counts), arithmetic vs logical,
 * and 128-bit shifts that gcc lowers to shld/shrd. */
#include <stdint.h>
#include <stdio.h>
static const uint64_t vals[] = {0, 1, 0x80, 0x8000000000000000ULL, 0xffffffffffffffffULL,
    0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0x7fffffff, 0x80000000ULL};
int main(void) {
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        for (volatile unsigned c = 0; c < 70; c += (c < 8 ? 1 : 5)) {
            uint64_t v = vals[i];
            unsigned c64 = c & 63, c32 = c & 31, c16 = c & 15, c8 = c & 7;
            unsigned __int128 w = ((unsigned __int128)v << 64) | (v ^ 0x5a5a5a5a5a5a5a5aULL);
            unsigned s = c * 2 % 128;
            unsigned __int128 l = w << s, r = w >> s;
            __int128 ar = (__int128)w >> s;
            printf("%016llx c=%2u shl=%016llx shr=%016llx sar=%016llx shl32=%08x shr32=%08x sar32=%08x"
                   " shl16=%04x sar8=%02x w<<=%016llx%016llx w>>=%016llx%016llx sar128=%016llx\n",
                   (unsigned long long)v, c, (unsigned long long)(v << c64), (unsigned long long)(v >> c64),
                   (unsigned long long)((int64_t)v >> c64), (uint32_t)v << c32, (uint32_t)v >> c32,
                   (uint32_t)((int32_t)v >> c32), (uint16_t)((uint16_t)v << c16), (uint8_t)((int8_t)v >> c8),
                   (unsigned long long)(l >> 64), (unsigned long long)l,
                   (unsigned long long)(r >> 64), (unsigned long long)r, (unsigned long long)(ar >> 64));
        }
    }
    return 0;
}
