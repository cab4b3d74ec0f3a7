/* Arbitrary-precision factorials and powers of two in base 10^9 limbs, printed in full. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#define LIMBS 400
static void print(const uint32_t *d, int n) {
    printf("%u", d[n - 1]);
    for (int i = n - 2; i >= 0; i--) printf("%09u", d[i]);
    putchar('\n');
}
static int mul_small(uint32_t *d, int n, uint32_t m) {
    uint64_t carry = 0;
    for (int i = 0; i < n; i++) { uint64_t v = (uint64_t)d[i] * m + carry; d[i] = (uint32_t)(v % 1000000000u); carry = v / 1000000000u; }
    while (carry) { d[n++] = (uint32_t)(carry % 1000000000u); carry /= 1000000000u; }
    return n;
}
int main(void) {
    static uint32_t d[LIMBS];
    int n = 1;
    d[0] = 1;
    for (uint32_t k = 1; k <= 300; k++) {
        n = mul_small(d, n, k);
        if (k <= 30 || k % 50 == 0) { printf("%u! = ", k); print(d, n); }
    }
    memset(d, 0, sizeof d);
    d[0] = 1; n = 1;
    for (int k = 1; k <= 1000; k++) {
        n = mul_small(d, n, 2);
        if (k == 64 || k == 100 || k == 128 || k == 1000) { printf("2^%d = ", k); print(d, n); }
    }
    unsigned digitsum = 0;
    for (int i = 0; i < n; i++) for (uint32_t v = d[i]; v; v /= 10) digitsum += v % 10;
    printf("digit sum of 2^1000 = %u\n", digitsum);
    return 0;
}
