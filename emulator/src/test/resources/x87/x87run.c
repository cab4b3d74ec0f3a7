/* Host side of X87DiffTest: reads "datahex codehex" lines, runs the code natively
 * with rdi = the data area, rsi = a save area (the code itself brings its prologue
 * and epilogue), and prints the data area and the save area afterwards in hex. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define DATA 1024
#define SAVE 2048

static int unhex(const char *s, unsigned char *out, int max) {
    int n = 0;
    while (s[0] && s[1] && n < max) {
        unsigned v;
        sscanf(s, "%2x", &v);
        out[n++] = (unsigned char) v;
        s += 2;
    }
    return n;
}

static void hex(const unsigned char *p, int n) {
    for (int i = 0; i < n; i++) printf("%02x", p[i]);
}

int main(void) {
    static char line[1 << 16], dhex[1 << 15], chex[1 << 15];
    static unsigned char data[DATA] __attribute__((aligned(64))), save[SAVE] __attribute__((aligned(64)));
    unsigned char *code = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) return 2;
    while (fgets(line, sizeof line, stdin)) {
        if (sscanf(line, "%32767s %32767s", dhex, chex) != 2) continue;
        memset(data, 0, sizeof data);
        memset(save, 0, sizeof save);
        int dn = unhex(dhex, data, DATA);
        int cn = unhex(chex, code, (1 << 16) - 1);
        code[cn] = 0xC3; /* ret */
        ((void (*)(void *, void *)) code)(data, save);
        hex(data, dn);
        putchar(' ');
        hex(save, SAVE);
        putchar('\n');
        fflush(stdout);
    }
    return 0;
}
