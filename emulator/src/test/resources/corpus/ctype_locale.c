/* ctype classification and case mapping of every byte in the "C" locale, plus localeconv. */
#include <ctype.h>
#include <locale.h>
#include <stdio.h>
int main(void) {
    const char *loc = setlocale(LC_ALL, "C");
    printf("locale=%s\n", loc ? loc : "(null)");
    for (int c = -1; c < 256; c++) {
        int m = (!!isalpha(c)) | (!!isdigit(c)) << 1 | (!!isalnum(c)) << 2 | (!!isspace(c)) << 3 | (!!isupper(c)) << 4 |
                (!!islower(c)) << 5 | (!!ispunct(c)) << 6 | (!!isprint(c)) << 7 | (!!isgraph(c)) << 8 |
                (!!iscntrl(c)) << 9 | (!!isxdigit(c)) << 10 | (!!isblank(c)) << 11;
        printf("%d:%x:%d:%d%c", c, m, toupper(c), tolower(c), (c & 7) == 7 ? '\n' : ' ');
    }
    struct lconv *lc = localeconv();
    printf("\ndecimal_point=[%s] thousands_sep=[%s]\n", lc->decimal_point, lc->thousands_sep);
    return 0;
}
