/* Wide-character strings (glibc has SSE2 wcslen/wcschr/wcscmp/wmemchr/wmemset), conversions in the
 * C.UTF-8 locale (mbstowcs/wcstombs/mbrtowc/wcrtomb) and swprintf/wcstol/wcstod. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "corpus.h"
/* Only the sign of a comparison is specified; glibc's variants (SSE2, AVX2, EVEX) return different magnitudes. */
static int sgn(int x) { return (x > 0) - (x < 0); }
int main(void) {
    static wchar_t a[400], b[400];
    uint64_t h = FNV_INIT;
    for (int len = 0; len <= 300; len += 1 + len / 16) {
        for (int al = 0; al < 4; al++) {
            wchar_t *s = a + al, *d = b + (al * 3) % 4;
            for (int i = 0; i < len; i++) s[i] = (wchar_t)(L'a' + (i * 7) % 26 + (i % 5 == 0 ? 0x400 : 0));
            s[len] = 0;
            h = fnv_u64(h, wcslen(s));
            wcscpy(d, s);
            h = fnv_u64(h, (uint64_t)(sgn(wcscmp(d, s)) + 3));
            if (len) { d[len - 1]++; h = fnv_u64(h, (uint64_t)(sgn(wcscmp(d, s)) + 3)); h = fnv_u64(h, (uint64_t)(sgn(wcsncmp(d, s, len - 1)) + 3)); }
            wchar_t *c = wcschr(s, L'a' + 5);
            h = fnv_u64(h, c ? (uint64_t)(c - s) : 999);
            c = wcsrchr(s, L'a');
            h = fnv_u64(h, c ? (uint64_t)(c - s) : 999);
            c = wmemchr(s, 0x400 + L'a', len);
            h = fnv_u64(h, c ? (uint64_t)(c - s) : 999);
            wmemset(d, L'Z', len);
            h = fnv_u64(h, (uint64_t)(sgn(wmemcmp(d, s, len)) + 3));
            h = fnv_u64(h, wcsnlen(s, len / 2 + 1));
        }
    }
    printf("wide hash %016llx\n", (unsigned long long)h);
    const char *loc = setlocale(LC_CTYPE, "C.UTF-8");
    printf("C.UTF-8 locale: %s\n", loc ? "available" : "missing");
    if (loc) {
        const char *utf8 = "h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac \xf0\x9f\x98\x80!";
        wchar_t w[64];
        size_t n = mbstowcs(w, utf8, 64);
        printf("mbstowcs=%zu:", n);
        for (size_t i = 0; i < n; i++) printf(" %x", (unsigned)w[i]);
        char back[64];
        size_t m = wcstombs(back, w, sizeof back);
        printf("\nwcstombs=%zu same=%d\n", m, strcmp(back, utf8) == 0);
        mbstate_t st;
        memset(&st, 0, sizeof st);
        wchar_t wc;
        printf("mbrtowc partial=%d", (int)mbrtowc(&wc, "\xe2\x82", 2, &st));
        printf(" rest=%d wc=%x\n", (int)mbrtowc(&wc, "\xac", 1, &st), (unsigned)wc);
        printf("invalid=%d\n", (int)mbstowcs(w, "\xff\xfe", 64));
    }
    wchar_t buf[64];
    int r = swprintf(buf, 64, L"%d|%5ls|%x", 42, L"ab", 255);
    printf("swprintf=%d len=%zu\n", r, wcslen(buf));
    wchar_t *end;
    printf("wcstol=%ld wcstod=%.17g\n", wcstol(L"  -1234xyz", &end, 10), wcstod(L"6.02e23", NULL));
    return 0;
}
