/* Wrapping arithmetic, overflow-checking builtins (jo/jc/seto/setc), sign and zero extension. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
static const int64_t vals[] = {0, 1, -1, 127, -128, 255, 32767, -32768, 65535, INT32_MAX, INT32_MIN,
    UINT32_MAX, INT64_MAX, INT64_MIN, 0x0123456789abcdefLL, -0x0123456789abcdefLL};
#define N (int)(sizeof vals / sizeof vals[0])
int main(void) {
    for (int i = 0; i < N; i++) {
        volatile int64_t a = vals[i];
        printf("%lld: s8=%d u8=%u s16=%d u16=%u s32=%d u32=%u neg=%lld not=%llx\n", (long long)a,
               (int8_t)a, (uint8_t)a, (int16_t)a, (uint16_t)a, (int32_t)a, (uint32_t)a,
               (long long)(0 - (uint64_t)a), (unsigned long long)~a);
        for (int j = 0; j < N; j++) {
            volatile int64_t b = vals[j];
            int64_t r64; int32_t r32; uint64_t u64; uint32_t u32;
            int o1 = __builtin_add_overflow(a, b, &r64);
            int o2 = __builtin_sub_overflow(a, b, &r64);
            int o3 = __builtin_mul_overflow(a, b, &r64);
            int o4 = __builtin_add_overflow((int32_t)a, (int32_t)b, &r32);
            int o5 = __builtin_mul_overflow((int32_t)a, (int32_t)b, &r32);
            int o6 = __builtin_add_overflow((uint64_t)a, (uint64_t)b, &u64);
            int o7 = __builtin_sub_overflow((uint64_t)a, (uint64_t)b, &u64);
            int o8 = __builtin_mul_overflow((uint64_t)a, (uint64_t)b, &u64);
            int o9 = __builtin_mul_overflow((uint32_t)a, (uint32_t)b, &u32);
            printf(" %d%d%d%d%d%d%d%d%d %llx %llx %x", o1, o2, o3, o4, o5, o6, o7, o8, o9,
                   (unsigned long long)((uint64_t)a + (uint64_t)b),
                   (unsigned long long)((uint64_t)a * (uint64_t)b), (unsigned)((uint32_t)a - (uint32_t)b));
            printf(" lt=%d ult=%d le32=%d\n", a < b, (uint64_t)a < (uint64_t)b, (int32_t)a <= (int32_t)b);
        }
    }
    return 0;
}
