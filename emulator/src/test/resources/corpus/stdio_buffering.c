/* stdout and stderr separately: large buffered output (many buffer flushes), explicit fflush,
 * setvbuf modes, putchar/fputs/fwrite/puts mixes. */
#include <stdio.h>
#include <string.h>
int main(void) {
    static char unbuf[64];
    fputs("stderr line 1\n", stderr);
    for (int i = 0; i < 4000; i++) printf("%05d%c", i, i % 16 == 15 ? '\n' : ' ');
    fflush(stdout);
    fputs("stderr after flush\n", stderr);
    for (int i = 0; i < 100000; i++) putchar('a' + i % 26);
    putchar('\n');
    char block[5000];
    memset(block, 'B', sizeof block);
    for (int i = 0; i < 20; i++) fwrite(block, 1, sizeof block - i * 100, stdout);
    puts("");
    setvbuf(stderr, unbuf, _IOFBF, sizeof unbuf);
    for (int i = 0; i < 30; i++) fprintf(stderr, "fully buffered stderr %d\n", i);
    fflush(stderr);
    fprintf(stderr, "%s\n", "end");
    return 0;
}
