//! stdin: data/ints.txt
/* Reads a count and numbers from stdin with scanf, prints running sums; ends at EOF. */
#include <stdio.h>
int main(void) {
    int count, v;
    long sum = 0;
    if (scanf("%d", &count) != 1) return 3;
    printf("header count=%d\n", count);
    int n = 0;
    while (scanf("%d", &v) == 1) { sum += v; n++; printf("%d -> %ld\n", v, sum); }
    printf("read %d numbers, feof=%d\n", n, feof(stdin));
    return sum == 77 ? 0 : 5;
}
