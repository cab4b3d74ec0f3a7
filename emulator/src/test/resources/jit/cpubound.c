/* A CPU-bound mix for the compiling tier: loops, calls through pointers, memory, string functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static int cmp(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
    return x < y ? -1 : x > y;
}

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    uint64_t sum = 0;
    for (int round = 0; round < scale; round++) {
        /* sieve */
        enum { N = 200000 };
        static unsigned char comp[N];
        memset(comp, 0, sizeof comp);
        int primes = 0;
        for (int i = 2; i < N; i++) {
            if (comp[i]) continue;
            primes++;
            for (int j = 2 * i; j < N; j += i) comp[j] = 1;
        }
        sum += primes;
        /* sort */
        static uint32_t a[50000];
        uint32_t x = 12345 + round;
        for (int i = 0; i < 50000; i++) { x = x * 1103515245u + 12345u; a[i] = x >> 3; }
        qsort(a, 50000, sizeof a[0], cmp);
        sum += a[25000];
        /* strings */
        static char buf[4096];
        for (int i = 0; i < 2000; i++) {
            snprintf(buf, sizeof buf, "line %d of round %d: %x", i, round, i * 2654435761u);
            sum += strlen(buf);
            if (strstr(buf, "ff")) sum++;
        }
        /* calls */
        sum += fib(22);
        /* hash */
        uint64_t h = 1469598103934665603ull;
        for (int i = 0; i < N; i++) { h ^= comp[i] + (uint64_t) i; h *= 1099511628211ull; }
        sum ^= h;
    }
    printf("%llu\n", (unsigned long long) sum);
    return 0;
}
