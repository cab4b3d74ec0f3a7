/* Native driver for compute.c: reads the io block in hex, calls compute, prints it back. */
#include <stdio.h>
#include <string.h>

void compute(void *io);

int main(void) {
    static char line[1 << 16];
    static unsigned char io[1 << 12] __attribute__((aligned(16)));
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line) / 2;
        for (size_t i = 0; i < n; i++) {
            unsigned v;
            sscanf(line + 2 * i, "%2x", &v);
            io[i] = (unsigned char) v;
        }
        compute(io);
        for (size_t i = 0; i < n; i++) printf("%02x", io[i]);
        putchar('\n');
        fflush(stdout);
    }
    return 0;
}
