//! args: one two three-and-more 4 --flag=x ünïcode
/* argv in order and the environment sorted by name (host and emulator may order envp differently). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
extern char **environ;
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "not null");
    int n = 0;
    while (environ[n]) n++;
    char **sorted = malloc((n + 1) * sizeof *sorted);
    memcpy(sorted, environ, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp);
    printf("envc=%d\n", n);
    for (int i = 0; i < n; i++) printf("env: %s\n", sorted[i]);
    const char *home = getenv("HOME");
    printf("getenv(HOME)=%s getenv(NOPE)=%s\n", home ? home : "(null)", getenv("NOPE") ? "set" : "(null)");
    free(sorted);
    return 0;
}
