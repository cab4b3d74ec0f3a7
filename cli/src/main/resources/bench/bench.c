/* farm bench's CPU-bound workload: a sieve, SHA-256, qsort and a bignum loop, scaled by argv[1]
 * (size 0 is a few million instructions for smoke tests; the default 20 is about a second natively).
 * Output is a deterministic digest of every kernel, compared across native, qemu and the emulator. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static long sieve(long max) {
    unsigned char *composite = calloc((size_t)max + 1, 1);
    long count = 0;
    for (long i = 2; i <= max; i++) {
        if (composite[i]) continue;
        count++;
        for (long j = i * i; j <= max; j += i) composite[j] = 1;
    }
    free(composite);
    return count;
}

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
    0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
    0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
static void sha_block(uint32_t h[8], const unsigned char *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 | p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++)
        w[i] = w[i - 16] + (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
               (ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}
static uint32_t sha_rounds(long blocks) {
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    unsigned char buf[64];
    for (long i = 0; i < blocks; i++) {
        for (int j = 0; j < 64; j++) buf[j] = (unsigned char)(i + j * 7);
        sha_block(h, buf);
    }
    return h[0] ^ h[7];
}

static int cmp(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}
static uint64_t sort_digest(long n) {
    uint32_t *v = malloc((size_t)n * sizeof *v);
    for (long i = 0; i < n; i++) v[i] = (uint32_t)next();
    qsort(v, (size_t)n, sizeof *v, cmp);
    uint64_t d = 0;
    for (long i = 0; i < n; i += 1 + n / 1000) d = d * 31 + v[i];
    free(v);
    return d;
}

/* Fibonacci numbers in base 10^9 limbs: additions with carries over a growing array. */
static uint64_t bignum(long n) {
    size_t cap = (size_t)n / 40 + 16;
    uint32_t *a = calloc(cap, 4), *b = calloc(cap, 4);
    size_t len = 1;
    a[0] = 0; b[0] = 1;
    for (long i = 0; i < n; i++) {
        uint32_t carry = 0;
        for (size_t k = 0; k < len; k++) {
            uint32_t s = a[k] + b[k] + carry;
            carry = s >= 1000000000u;
            a[k] = carry ? s - 1000000000u : s;
        }
        if (carry) { a[len] = 1; len++; }
        uint32_t *t = a; a = b; b = t;
    }
    uint64_t d = len;
    for (size_t k = 0; k < len; k++) d = d * 1000003 + a[k];
    free(a); free(b);
    return d;
}

int main(int argc, char **argv) {
    long size = argc > 1 ? atol(argv[1]) : 20;
    long primes = sieve(2000 + 1000000 * size);
    uint32_t sha = sha_rounds(100 + 20000 * size);
    uint64_t sorted = sort_digest(1000 + 100000 * size);
    uint64_t big = bignum(300 + 2500 * size);
    printf("size=%ld primes=%ld sha=%08x sort=%016llx bignum=%016llx\n", size, primes, sha,
           (unsigned long long)sorted, (unsigned long long)big);
    return 0;
}
