/* Sieve of Eratosthenes below 2,000,000 with a byte array, then twin primes and a prime-gap histogram. */
#include <stdio.h>
#include <string.h>
#define MAX 2000000
static unsigned char composite[MAX];
int main(void) {
    for (long i = 2; i * i < MAX; i++)
        if (!composite[i]) for (long j = i * i; j < MAX; j += i) composite[j] = 1;
    long count = 0, twins = 0, last = 0, maxgap = 0;
    long gaps[40] = {0};
    for (long i = 2; i < MAX; i++) {
        if (composite[i]) continue;
        count++;
        if (last && i - last == 2) twins++;
        if (last) { long g = i - last; if (g > maxgap) maxgap = g; if (g / 2 < 40) gaps[g / 2]++; }
        last = i;
        if (count % 20000 == 0) printf("prime #%ld = %ld\n", count, i);
    }
    printf("primes=%ld twins=%ld largest=%ld maxgap=%ld\n", count, twins, last, maxgap);
    for (int g = 1; g < 20; g++) printf("gap %d: %ld\n", g * 2, gaps[g]);
    return 0;
}
