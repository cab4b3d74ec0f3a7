/* 64/32/16/8-bit multiply, divide and remainder over edge operands, signed and unsigned,
 * plus 128-bit products (mul/imul with rdx:rax) and 128-bit division helpers. */
#include <stdint.h>
#include <stdio.h>
static const int64_t vals[] = {0, 1, -1, 2, -2, 3, 7, -7, 10, 255, 256, -129, 65535, 65536,
    2147483647LL, -2147483647LL - 1, 4294967295LL, 4294967296LL, 1000000007LL,
    INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, 0x5555555555555555LL, -0x3333333333333333LL,
    123456789012345LL, -98765432109LL};
#define N (int)(sizeof vals / sizeof vals[0])
int main(void) {
    volatile int64_t sink;
    uint64_t h = 0;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            volatile int64_t a = vals[i], b = vals[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            int64_t smul = (int64_t)((uint64_t)a * (uint64_t)b);
            __int128 wide = (__int128)a * b;
            unsigned __int128 uwide = (unsigned __int128)ua * ub;
            int32_t a32 = (int32_t)a, b32 = (int32_t)b;
            int16_t a16 = (int16_t)a, b16 = (int16_t)b;
            int8_t a8 = (int8_t)a, b8 = (int8_t)b;
            printf("%lld*%lld: %lld hi=%llx uhi=%llx", (long long)a, (long long)b, (long long)smul,
                   (unsigned long long)(wide >> 64), (unsigned long long)(uwide >> 64));
            if (b != 0 && !(a == INT64_MIN && b == -1))
                printf(" q=%lld r=%lld", (long long)(a / b), (long long)(a % b));
            if (ub != 0) printf(" uq=%llu ur=%llu", (unsigned long long)(ua / ub), (unsigned long long)(ua % ub));
            if (b32 != 0 && !(a32 == INT32_MIN && b32 == -1))
                printf(" q32=%d r32=%d", a32 / b32, a32 % b32);
            if ((uint32_t)b32 != 0) printf(" uq32=%u", (uint32_t)a32 / (uint32_t)b32);
            if (b16 != 0) printf(" q16=%d r16=%d uq16=%u", (int16_t)(a16 / b16), (int16_t)(a16 % b16),
                                 (unsigned)((uint16_t)a16 / (uint16_t)b16));
            if (b8 != 0) printf(" q8=%d r8=%d uq8=%u", (int8_t)(a8 / b8), (int8_t)(a8 % b8),
                                (unsigned)((uint8_t)a8 / (uint8_t)b8));
            if (ub != 0) {
                unsigned __int128 big = uwide + ua;
                printf(" q128=%llx", (unsigned long long)(big / ub));
            }
            putchar('\n');
            h = h * 31 + (uint64_t)smul;
        }
    }
    sink = (int64_t)h;
    printf("mix=%llx\n", (unsigned long long)sink);
    return 0;
}
