//! strace
/* strdup/strndup/strerror/strsignal, plus malloc'd copies of every length up to 300. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
int main(void) {
    char src[301];
    uint64_t h = FNV_INIT;
    for (int len = 0; len <= 300; len++) {
        for (int i = 0; i < len; i++) src[i] = (char)('0' + i % 75);
        src[len] = 0;
        char *d = strdup(src);
        char *n = strndup(src, len / 2);
        char *m = strndup(src, len + 100);
        h = fnv_add(h, d, len + 1);
        h = fnv_add(h, n, strlen(n) + 1);
        h = fnv_u64(h, strlen(m));
        if (strcmp(d, src) != 0 || strlen(n) != (size_t)len / 2) printf("mismatch at %d\n", len);
        free(d); free(n); free(m);
    }
    printf("dup hash=%016llx\n", (unsigned long long)h);
    int errs[] = {0, EPERM, ENOENT, EINTR, EIO, EBADF, EAGAIN, ENOMEM, EACCES, EFAULT, EEXIST, ENOTDIR,
                  EISDIR, EINVAL, EMFILE, ENOTTY, ENOSPC, ESPIPE, EROFS, EPIPE, ERANGE, ENOSYS, ETIMEDOUT};
    for (unsigned i = 0; i < sizeof errs / sizeof errs[0]; i++) printf("errno %d: %s\n", errs[i], strerror(errs[i]));
    printf("signals: %s / %s / %s\n", strsignal(SIGSEGV), strsignal(SIGFPE), strsignal(SIGABRT));
    return 0;
}
