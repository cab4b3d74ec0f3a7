/* gmtime_r/timegm/strftime/asctime of fixed epochs (no clock reads: output is the same on every run). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>
int main(void) {
    time_t epochs[] = {0, 1, 59, 86399, 86400, 951782400, 951868800, 978307199, 1234567890, 1700000000, 2147483647,
                       2147483648LL, 4102444800LL, -1, -86400, -2208988800LL, 253402300799LL};
    for (unsigned i = 0; i < sizeof epochs / sizeof epochs[0]; i++) {
        struct tm tm;
        if (!gmtime_r(&epochs[i], &tm)) { printf("%lld: gmtime failed\n", (long long)epochs[i]); continue; }
        char buf[128];
        strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %A %b %B %j %U %W %w %u %y %C %e %p %I %%", &tm);
        time_t back = timegm(&tm);
        char as[32];
        asctime_r(&tm, as);
        printf("%lld: %s yday=%d wday=%d back=%lld asctime=%s", (long long)epochs[i], buf, tm.tm_yday, tm.tm_wday,
               (long long)back, as);
        strftime(buf, sizeof buf, "%F %T %D %R %G-W%V", &tm);
        printf("  %s\n", buf);
    }
    struct tm t = {0};
    t.tm_year = 124; t.tm_mon = 1; t.tm_mday = 30; t.tm_hour = 25; /* normalised: Mar 2 2024 01:00 */
    time_t n = timegm(&t);
    printf("normalised: %lld -> %04d-%02d-%02d %02d:00 wday=%d\n", (long long)n, t.tm_year + 1900, t.tm_mon + 1,
           t.tm_mday, t.tm_hour, t.tm_wday);
    printf("difftime=%.1f\n", difftime(1000, 250));
    return 0;
}
