//! args: --verbose input.txt
/* setenv/unsetenv/putenv/getenv/clearenv and getopt over argv. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
    printf("HOME=%s\n", getenv("HOME"));
    setenv("NEW_VAR", "first", 0);
    setenv("NEW_VAR", "second", 0);
    printf("NEW_VAR=%s\n", getenv("NEW_VAR"));
    setenv("NEW_VAR", "third", 1);
    printf("NEW_VAR=%s\n", getenv("NEW_VAR"));
    static char put[] = "PUT_VAR=from-putenv";
    putenv(put);
    printf("PUT_VAR=%s\n", getenv("PUT_VAR"));
    unsetenv("HOME");
    printf("HOME after unset=%s\n", getenv("HOME") ? getenv("HOME") : "(null)");
    printf("setenv bad name=%d\n", setenv("BAD=NAME", "x", 1));
    for (int i = 0; i < 50; i++) {
        char k[16], v[16];
        snprintf(k, sizeof k, "K%d", i);
        snprintf(v, sizeof v, "v%d", i * i);
        setenv(k, v, 1);
    }
    printf("K49=%s K7=%s\n", getenv("K49"), getenv("K7"));
    clearenv();
    printf("after clearenv PATH=%s\n", getenv("PATH") ? getenv("PATH") : "(null)");
    int verbose = 0;
    int opt;
    optind = 1;
    while ((opt = getopt(argc, argv, "v-:")) != -1) {
        if (opt == '-' && strcmp(optarg, "verbose") == 0) verbose = 1;
    }
    printf("verbose=%d optind=%d rest=%s\n", verbose, optind, optind < argc ? argv[optind] : "(none)");
    return 0;
}
