//! strace
/* fopen/fgets/fgetc/ungetc/fread/fseek/ftell/rewind/feof/ferror/fclose on rootfs files. */
#include <stdio.h>
#include <string.h>
int main(void) {
    FILE *f = fopen("/data/poem.txt", "r");
    if (!f) { perror("fopen"); return 1; }
    char line[16];
    int n = 0;
    while (fgets(line, sizeof line, f)) printf("fgets %d: [%s]%s\n", n++, strtok(line, "\n") ? line : "", "");
    printf("feof=%d ferror=%d ftell=%ld\n", feof(f), ferror(f), ftell(f));
    rewind(f);
    int c = fgetc(f);
    ungetc('T', f);
    printf("first=%c after-ungetc=%c pos=%ld\n", c, fgetc(f), ftell(f));
    fseek(f, -8, SEEK_END);
    char tail[16] = {0};
    size_t got = fread(tail, 1, sizeof tail - 1, f);
    printf("tail %zu [%s]\n", got, strtok(tail, "\n"));
    fseek(f, 4, SEEK_SET);
    char word[8] = {0};
    fread(word, 1, 5, f);
    printf("word [%s] ftell=%ld\n", word, ftell(f));
    int words = 0, ch, inword = 0;
    rewind(f);
    while ((ch = getc(f)) != EOF) { if (ch == ' ' || ch == '\n') inword = 0; else if (!inword) { inword = 1; words++; } }
    printf("words=%d\n", words);
    fclose(f);
    FILE *missing = fopen("/data/missing.txt", "r");
    printf("missing: %s\n", missing ? "opened?" : "NULL");
    return 0;
}
