//! strace
/* opendir/readdir over rootfs directories, names sorted (readdir order is the filesystem's), types via stat. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static void list(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) { printf("opendir %s failed\n", dir); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s: %d entries\n", dir, n);
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        int ok = stat(path, &st) == 0;
        printf("  %s %s\n", names[i], !ok ? "?" : S_ISDIR(st.st_mode) ? "<dir>" : "<file>");
        free(names[i]);
    }
}
int main(void) {
    list("/data");
    list("/data/dir");
    list("/data/dir/sub");
    list("/data/missing");
    return 0;
}
