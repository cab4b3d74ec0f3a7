/* printf of integers: %d %i %u %x %X %o %c %lld %llu %hhd %hd %zd %jd, flags - + space 0 #, widths,
 * precisions, * arguments, %n, and edge values. */
#include <limits.h>
#include <stddef.h>
#include <sys/types.h>
#include <stdint.h>
#include <stdio.h>
int main(void) {
    long long vals[] = {0, 1, -1, 7, -42, 255, 4096, 65535, INT_MAX, INT_MIN, UINT_MAX, LLONG_MAX, LLONG_MIN, 1234567890123LL};
    const char *fmts[] = {"[%d]", "[%5d]", "[%-5d]", "[%05d]", "[%+d]", "[% d]", "[%.3d]", "[%8.3d]", "[%-+8.3d]",
                          "[%x]", "[%#x]", "[%08X]", "[%#o]", "[%o]", "[%u]", "[%.0d]", "[%i]", "[%#.5x]"};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        for (unsigned f = 0; f < sizeof fmts / sizeof fmts[0]; f++) printf(fmts[f], (int)vals[i]);
        printf(" [%lld] [%llu] [%llx] [%#llo] [%20lld] [%-20lld|] [%hhd] [%hu] [%hx]\n", vals[i],
               (unsigned long long)vals[i], (unsigned long long)vals[i], (unsigned long long)vals[i],
               vals[i], vals[i], (signed char)vals[i], (unsigned short)vals[i], (unsigned short)vals[i]);
    }
    printf("[%*d] [%-*d] [%.*d] [%*.*d]\n", 6, 42, 6, 42, 4, 7, 8, 3, -5);
    printf("[%c%c%c] [%5c] [%-3c|]\n", 'a', 'B', '0', 'z', 'q');
    printf("[%zd] [%zu] [%jd] [%td] [%ld] [%lu]\n", (ssize_t)-3, (size_t)99, (intmax_t)INT64_MIN, (ptrdiff_t)-17, LONG_MAX, ULONG_MAX);
    printf("[%s] [%10s] [%-10s|] [%.2s] [%%]\n", "str", "right", "left", "truncate");
    int n1 = 0, n2 = 0;
    printf("count%n chars then%n\n", &n1, &n2);
    printf("n1=%d n2=%d\n", n1, n2);
    int total = printf("%d-%s-%x\n", 12345, "abc", 0xbeef);
    printf("printf returned %d\n", total);
    return 0;
}
