/* fnmatch patterns (classes, ranges, escapes, FNM_PATHNAME/PERIOD/CASEFOLD) and glob over the rootfs. */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <glob.h>
#include <stdio.h>
int main(void) {
    const char *pats[] = {"*.txt", "?.txt", "[a-c]*", "[!a]*", "*/*", "\\*", "data/*/inner.*", ".*", "[[:upper:]]*", "*[0-9]*"};
    const char *names[] = {"a.txt", "ab.txt", "b.dat", "Z.txt", "data/dir", "*", "data/dir/sub/inner.txt", ".hidden", "x9", "data/sub/inner.c"};
    for (int p = 0; p < 10; p++) {
        printf("%-16s", pats[p]);
        for (int n = 0; n < 10; n++)
            printf(" %d%d%d", fnmatch(pats[p], names[n], 0) == 0, fnmatch(pats[p], names[n], FNM_PATHNAME | FNM_PERIOD) == 0,
                   fnmatch(pats[p], names[n], FNM_CASEFOLD) == 0);
        putchar('\n');
    }
    const char *globs[] = {"/data/*.txt", "/data/dir/*", "/data/*/sub/*.txt", "/data/[ep]*", "/nothing/*", "/data/dir/?.txt"};
    for (int g = 0; g < 6; g++) {
        glob_t gl;
        int rc = glob(globs[g], 0, NULL, &gl);
        printf("glob %s rc=%d:", globs[g], rc == GLOB_NOMATCH ? -1 : rc);
        for (size_t i = 0; rc == 0 && i < gl.gl_pathc; i++) printf(" %s", gl.gl_pathv[i]);
        putchar('\n');
        if (rc == 0) globfree(&gl);
    }
    return 0;
}
