/* 100,000 nested calls with a small frame each: the guest stack must grow that far (~10 MB is not
 * needed; ~6 MB is, within the default 8 MiB limit). */
#include <stdio.h>
static unsigned long down(unsigned long n, volatile char *prev) {
    volatile char frame[32];
    frame[0] = (char)n;
    frame[31] = prev ? prev[0] : 0;
    if (n == 0) return frame[31] & 0;
    return down(n - 1, frame) + (frame[0] & 1) + 1;
}
int main(void) {
    for (unsigned long n = 10; n <= 100000; n *= 10) printf("depth %lu -> %lu\n", n, down(n, 0));
    return 0;
}
