/* The rest of string.h/strings.h: memccpy, bcmp, bzero, explicit_bzero, strerror_r (both flavours' results
 * reduced to a common form), ffs/ffsl, strncasecmp at every length, and swab. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "corpus.h"
int main(void) {
    char src[300], dst[320];
    uint64_t h = FNV_INIT;
    for (int i = 0; i < 300; i++) src[i] = (char)(i % 61 + 32);
    for (int len = 0; len <= 300; len += 3) {
        memset(dst, '.', sizeof dst);
        char *e = memccpy(dst + 1, src, '@' , len); /* '@' is byte 64 -> appears at index 32 mod 61 */
        h = fnv_u64(h, e ? (uint64_t)(e - dst) : 999);
        h = fnv_add(h, dst, len + 2);
        h = fnv_u64(h, (uint64_t)(bcmp(src, src + 61, len) != 0));
        bzero(dst + 3, len);
        explicit_bzero(dst, 2);
        h = fnv_add(h, dst, len + 5);
    }
    printf("mem hash %016llx\n", (unsigned long long)h);
    char buf[128];
    for (int e = 1; e <= 5; e++) {
        /* _GNU_SOURCE gives the GNU strerror_r (returns a pointer); musl only has the XSI one */
#if defined(__GLIBC__)
        const char *msg = strerror_r(e, buf, sizeof buf);
#else
        const char *msg = strerror_r(e, buf, sizeof buf) == 0 ? buf : "?";
#endif
        printf("strerror_r(%d) = %s\n", e, msg);
    }
    for (int v = 0; v < 70; v += 7) printf("ffs(%d)=%d ffsl(1<<%d)=%d\n", v, ffs(v), v, ffsl(1L << (v % 64)));
    const char *a = "MixedCase-String_With.Punct", *b = "mIXEDcASE-sTRING_wITH.pUNCT";
    for (size_t n = 0; n <= strlen(a) + 1; n++) printf("%d", strncasecmp(a, b, n) == 0);
    putchar('\n');
    char sw[9] = "abcdefgh", out[9] = {0};
    swab(sw, out, 8);
    printf("swab %s\n", out);
    return 0;
}
