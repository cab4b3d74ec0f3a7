//! status: 136
/* INT64_MIN / -1 overflows idiv: also #DE, also SIGFPE. */
#include <stdint.h>
#include <stdio.h>
int main(void) {
    volatile int64_t min = INT64_MIN;
    volatile int64_t m1 = -1;
    fprintf(stderr, "INT64_MIN / -1\n");
    printf("%lld\n", (long long)(min / m1));
    return 0;
}
