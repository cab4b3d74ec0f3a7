/* POSIX regular expressions (regcomp/regexec, basic and extended, sub-matches, REG_ICASE, REG_NEWLINE)
 * over lines of text: the libc regex engines are long, branchy, allocation-heavy code. */
#include <regex.h>
#include <stdio.h>
#include <string.h>
static const char *text[] = {"alpha=1", "beta = 22", "  gamma=333 # comment", "DELTA=4444", "x=", "=y", "key_with_underscores=value",
                             "2024-11-23T11:05:00Z", "user@example.org", "not an assignment", "a=b=c", "email: Root@Host.Example"};
static void run(const char *pattern, int flags) {
    regex_t re;
    int rc = regcomp(&re, pattern, flags);
    if (rc != 0) {
        char err[128];
        regerror(rc, &re, err, sizeof err);
        printf("regcomp(%s) failed: %s\n", pattern, err);
        return;
    }
    printf("pattern %s (nsub=%zu):\n", pattern, re.re_nsub);
    for (unsigned i = 0; i < sizeof text / sizeof text[0]; i++) {
        regmatch_t m[4];
        if (regexec(&re, text[i], 4, m, 0) != 0) continue;
        printf("  [%s]", text[i]);
        for (int g = 0; g < 4 && g <= (int)re.re_nsub; g++)
            if (m[g].rm_so >= 0) printf(" %d:(%d,%d)'%.*s'", g, (int)m[g].rm_so, (int)m[g].rm_eo, (int)(m[g].rm_eo - m[g].rm_so), text[i] + m[g].rm_so);
        putchar('\n');
    }
    regfree(&re);
}
int main(void) {
    run("^[[:space:]]*([a-z_]+)[[:space:]]*=[[:space:]]*([0-9]*)", REG_EXTENDED);
    run("^([A-Za-z]+)=([0-9]+)$", REG_EXTENDED | REG_ICASE);
    run("[0-9]\\{4\\}-[0-9]\\{2\\}-[0-9]\\{2\\}", 0);
    run("([a-z]+)@([a-z]+)\\.(org|com|example)", REG_EXTENDED | REG_ICASE);
    run("(a|b)+=", REG_EXTENDED);
    run("[[:upper:]]{2,}", REG_EXTENDED);
    run("unbalanced(", REG_EXTENDED);
    char big[4096];
    memset(big, 'a', sizeof big - 2);
    big[sizeof big - 2] = 'b';
    big[sizeof big - 1] = 0;
    regex_t re;
    regcomp(&re, "(a*)*b", REG_EXTENDED);
    regmatch_t m[2];
    printf("backtracking: %d\n", regexec(&re, big, 2, m, 0));
    regfree(&re);
    return 0;
}
