/* Dense and sparse switch statements (jump tables and compare trees), function pointer tables,
 * indirect tail calls, and a state machine that tokenises text. */
#include <stdio.h>
#include <string.h>
static int dense(int x) {
    switch (x) {
    case 0: return 11; case 1: return 23; case 2: return 5; case 3: return 99; case 4: return -4; case 5: return 17;
    case 6: return 8; case 7: return 1000; case 8: return 3; case 9: return 42; case 10: return 7; case 11: return -1;
    default: return x * 2;
    }
}
static int sparse(int x) {
    switch (x) {
    case -1000: return 1; case 3: return 2; case 77: return 3; case 1024: return 4; case 99999: return 5; case 123456789: return 6;
    default: return 0;
    }
}
static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mul(long a, long b) { return a * b; }
static long xr(long a, long b) { return a ^ b; }
static long (*const ops[])(long, long) = {add, sub, mul, xr};
enum state { SPACE, WORD, NUMBER };
int main(void) {
    long acc = 0;
    for (int i = -3; i < 20; i++) acc = acc * 3 + dense(i);
    printf("dense acc=%ld\n", acc);
    int probe[] = {-1000, 3, 4, 77, 1024, 99999, 123456789, 0};
    for (unsigned i = 0; i < sizeof probe / sizeof probe[0]; i++) printf("sparse(%d)=%d\n", probe[i], sparse(probe[i]));
    long v = 1;
    for (int i = 0; i < 100; i++) v = ops[i % 4](v, i + 1);
    printf("ops result=%ld\n", v);
    const char *text = "let x1 = 42 + y7 * 1000; print x1 99";
    enum state st = SPACE;
    int words = 0, numbers = 0;
    for (const char *p = text;; p++) {
        char c = *p;
        int alpha = (c >= 'a' && c <= 'z') || c == '_', digit = c >= '0' && c <= '9';
        switch (st) {
        case SPACE: if (alpha) { st = WORD; words++; } else if (digit) { st = NUMBER; numbers++; } break;
        case WORD: if (!alpha && !digit) st = SPACE; break;
        case NUMBER: if (!digit) st = SPACE; break;
        }
        if (!c) break;
    }
    printf("words=%d numbers=%d\n", words, numbers);
    return 0;
}
