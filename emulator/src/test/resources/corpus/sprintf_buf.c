/* snprintf truncation and return values, sprintf into stack buffers, vsnprintf through a wrapper,
 * asprintf, and building a table into one buffer. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int wrap(char *buf, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}
int main(void) {
    char buf[32];
    for (size_t n = 0; n <= 12; n++) {
        memset(buf, '#', sizeof buf);
        int r = snprintf(buf, n, "%s-%d", "abcdef", 12345);
        printf("n=%zu r=%d buf=[%.*s] nul_at=%d\n", n, r, n ? (int)strlen(buf) : 0, buf,
               n ? (int)(memchr(buf, 0, sizeof buf) ? (char *)memchr(buf, 0, sizeof buf) - buf : -1) : -1);
    }
    printf("null buffer size: %d\n", snprintf(NULL, 0, "%08.3f|%x", 3.14159, 48879));
    char big[2048];
    size_t off = 0;
    for (int i = 0; i < 40; i++) off += (size_t)sprintf(big + off, "%3d:%-6s|%7.2f\n", i, i % 2 ? "odd" : "even", i / 7.0);
    printf("%zu bytes:\n%s", off, big);
    int r = wrap(buf, sizeof buf, "%c%c %5.1e %lld", 'o', 'k', 6.02e23, -9000000000LL);
    printf("wrap r=%d [%s]\n", r, buf);
    char *s = NULL;
    int len = asprintf(&s, "%s has %d items costing %.2f", "cart", 3, 19.999);
    printf("asprintf %d [%s]\n", len, s);
    free(s);
    return 0;
}
