/* strchr/strrchr/strchrnul/strstr/strcasestr/strspn/strcspn/strpbrk/strtok/strtok_r/strsep/index/rindex
 * over haystacks of lengths 0..300 at unaligned starts. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "corpus.h"
static char buf[1024];
static uint64_t off(uint64_t h, const char *p, const char *base) { return fnv_u64(h, p ? (uint64_t)(p - base) : 9999); }
int main(void) {
    uint64_t hchr = FNV_INIT, hstr = FNV_INIT, hspn = FNV_INIT;
    for (int al = 0; al < 40; al += 3) {
        for (int len = 0; len <= 300; len += (len < 80 ? 1 : 11)) {
            char *s = buf + al;
            for (int i = 0; i < len; i++) s[i] = (char)('a' + (i * 7) % 23);
            s[len] = 0;
            if (len > 5) { s[len - 2] = 'Q'; s[len / 2] = 'Q'; }
            hchr = off(hchr, strchr(s, 'Q'), s);
            hchr = off(hchr, strrchr(s, 'Q'), s);
            hchr = off(hchr, strchr(s, 0), s);
            hchr = off(hchr, strrchr(s, 'a'), s);
            hchr = off(hchr, strchrnul(s, 'Z'), s);
            hchr = off(hchr, index(s, 'h'), s);
            hchr = off(hchr, rindex(s, 'h'), s);
            hstr = off(hstr, strstr(s, ""), s);
            hstr = off(hstr, strstr(s, "hov"), s);
            hstr = off(hstr, strstr(s, "Qh"), s);
            hstr = off(hstr, strstr(s, s + len / 3), s);
            hstr = off(hstr, strcasestr(s, "HOV"), s);
            hspn = fnv_u64(hspn, strspn(s, "abcdefghijklmno") * 1000 + strcspn(s, "Qz"));
            hspn = fnv_u64(hspn, strspn(s, "") + strcspn(s, "") * 7);
            hspn = off(hspn, strpbrk(s, "xyQ"), s);
        }
        printf("align %d: chr=%016llx str=%016llx spn=%016llx\n", al, (unsigned long long)hchr,
               (unsigned long long)hstr, (unsigned long long)hspn);
    }
    char line[] = "  alpha, beta;;gamma ,delta,,  ";
    for (char *t = strtok(line, " ,;"); t; t = strtok(NULL, " ,;")) printf("tok[%s]\n", t);
    char line2[] = "k1=v1&k2=v2&&k3";
    char *save1, *save2;
    for (char *pair = strtok_r(line2, "&", &save1); pair; pair = strtok_r(NULL, "&", &save1)) {
        char *k = strtok_r(pair, "=", &save2), *v = strtok_r(NULL, "=", &save2);
        printf("pair %s -> %s\n", k, v ? v : "(none)");
    }
    char line3[] = "a::b:c", *p = line3, *f;
    while ((f = strsep(&p, ":")) != NULL) printf("sep[%s]\n", f);
    return 0;
}
