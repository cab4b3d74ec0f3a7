//! strace
//! stdin: data/lines.txt
/* getline/fgets from stdin, lines reversed in memory and printed backwards. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    char *lines[64];
    int n = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while (n < 64 && (len = getline(&line, &cap, stdin)) != -1) {
        printf("line %d len=%zd\n", n, len);
        lines[n++] = strdup(line);
    }
    free(line);
    for (int i = n - 1; i >= 0; i--) {
        size_t l = strlen(lines[i]);
        for (size_t j = l; j > 0; j--) if (lines[i][j - 1] != '\n') putchar(lines[i][j - 1]);
        putchar('\n');
        free(lines[i]);
    }
    return 0;
}
