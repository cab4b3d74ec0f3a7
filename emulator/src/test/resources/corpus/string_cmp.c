/* strcmp/strncmp/strcasecmp/strncasecmp/strcoll/strxfrm/strverscmp: equal strings, a difference at
 * every position, high-bit bytes (unsigned compare), across alignments and lengths 0..300. */
#define _GNU_SOURCE
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "corpus.h"
static char a[800], b[800];
static int sgn(int x) { return (x > 0) - (x < 0); }
int main(void) {
    setlocale(LC_ALL, "C");
    uint64_t hcmp = FNV_INIT, hncmp = FNV_INIT, hcase = FNV_INIT, hcoll = FNV_INIT;
    for (int aa = 0; aa < 20; aa += 3) {
        int ba = (aa * 7 + 5) % 19;
        for (int len = 0; len <= 300; len += (len < 70 ? 1 : 7)) {
            char *x = a + aa, *y = b + ba;
            for (int i = 0; i < len; i++) x[i] = y[i] = (char)('a' + i % 26);
            x[len] = y[len] = 0;
            hcmp = fnv_u64(hcmp, (uint64_t)(sgn(strcmp(x, y)) + 1));
            for (int pos = 0; pos < len; pos += (len > 40 ? 9 : 1)) {
                char old = y[pos];
                y[pos] = (char)0xe9; /* high bit: must compare as unsigned */
                int c1 = sgn(strcmp(x, y)), c2 = sgn(strncmp(x, y, pos)), c3 = sgn(strncmp(x, y, pos + 1));
                y[pos] = (char)(old - 'a' + 'A');
                int c4 = sgn(strcasecmp(x, y)), c5 = sgn(strcmp(x, y)), c6 = sgn(strncasecmp(x, y, len));
                y[pos] = old;
                y[pos] = 0;
                int c7 = sgn(strcmp(x, y)), c8 = sgn(strcmp(y, x));
                y[pos] = old;
                hcmp = fnv_u64(hcmp, (uint64_t)(c1 + 1) * 100 + (c5 + 1) * 10 + (c7 + 1) + (c8 + 1) * 1000);
                hncmp = fnv_u64(hncmp, (uint64_t)(c2 + 1) * 10 + (c3 + 1));
                hcase = fnv_u64(hcase, (uint64_t)(c4 + 1) * 10 + (c6 + 1));
            }
            hcoll = fnv_u64(hcoll, (uint64_t)(sgn(strcoll(x, y)) + 1));
        }
        printf("align %d/%d: cmp=%016llx ncmp=%016llx case=%016llx coll=%016llx\n", aa, ba,
               (unsigned long long)hcmp, (unsigned long long)hncmp, (unsigned long long)hcase,
               (unsigned long long)hcoll);
    }
    const char *words[] = {"", "a", "A", "ab", "aB", "abc", "b", "Zebra", "zebra", "file10", "file9", "file010", "\xff"};
    int nw = sizeof words / sizeof words[0];
    for (int i = 0; i < nw; i++) {
        for (int j = 0; j < nw; j++)
            printf("%c%c%c%c", "<=>"[sgn(strcmp(words[i], words[j])) + 1],
                   "<=>"[sgn(strcasecmp(words[i], words[j])) + 1], "<=>"[sgn(strcoll(words[i], words[j])) + 1],
                   "<=>"[sgn(strverscmp(words[i], words[j])) + 1]);
        char buf[64];
        size_t n = strxfrm(buf, words[i], sizeof buf);
        printf(" xfrm=%zu:%s\n", n, buf);
    }
    char small[3];
    printf("xfrm-small=%zu\n", strxfrm(small, "longer than three", sizeof small));
    return 0;
}
