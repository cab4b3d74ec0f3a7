/* Variadic functions (ints, doubles, mixed, more than fit in registers), structs passed and returned by
 * value (in registers and in memory), bit-fields, unions, and flexible array members. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
struct small { int a; short b; char c; };
struct pair { double x, y; };
struct big { long v[9]; };
struct bits { unsigned a : 3; signed b : 5; unsigned c : 12; unsigned long long d : 40; };
union pun { double d; uint64_t u; unsigned char b[8]; };
struct flex { int n; int items[]; };
static long sum_ints(int n, ...) { va_list ap; va_start(ap, n); long s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }
static double mixed(const char *spec, ...) {
    va_list ap, copy;
    va_start(ap, spec);
    va_copy(copy, ap);
    double s = 0;
    for (const char *p = spec; *p; p++) s += *p == 'd' ? va_arg(ap, double) : *p == 'l' ? (double)va_arg(ap, long long) : va_arg(ap, int);
    double first = *spec == 'd' ? va_arg(copy, double) : va_arg(copy, int);
    va_end(copy);
    va_end(ap);
    return s * 1000 + first;
}
static struct small mk_small(int a) { struct small s = {a, (short)(a * 2), (char)('a' + a % 26)}; return s; }
static struct pair rotate(struct pair p) { struct pair r = {-p.y, p.x}; return r; }
static struct big fill(long base) { struct big b; for (int i = 0; i < 9; i++) b.v[i] = base * i; return b; }
static long total(struct big b) { long s = 0; for (int i = 0; i < 9; i++) s += b.v[i]; return s; }
int main(void) {
    printf("sum_ints=%ld %ld %ld\n", sum_ints(0), sum_ints(3, 1, 2, 3), sum_ints(12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -12));
    printf("mixed=%.6f %.6f\n", mixed("did", 1.5, 2, 3.25), mixed("ddddddddddil", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11, 12LL));
    for (int i = 0; i < 3; i++) { struct small s = mk_small(i * 40); printf("small %d %d %c\n", s.a, s.b, s.c); }
    struct pair p = {1.0, 2.0};
    for (int i = 0; i < 4; i++) { p = rotate(p); printf("pair %g %g\n", p.x, p.y); }
    printf("big total=%ld\n", total(fill(7)));
    struct bits bf = {5, -9, 4000, 0xabcdef1234ULL};
    bf.a += 4; bf.b -= 7; bf.c *= 2; bf.d += 0xffffff0000ULL;
    printf("bits a=%u b=%d c=%u d=%llx size=%zu\n", bf.a, bf.b, bf.c, (unsigned long long)bf.d, sizeof bf);
    union pun u = {.d = -2.5};
    printf("pun %016llx %02x %02x\n", (unsigned long long)u.u, u.b[0], u.b[7]);
    struct flex *fl = malloc(sizeof *fl + 10 * sizeof(int));
    fl->n = 10;
    for (int i = 0; i < fl->n; i++) fl->items[i] = i * i;
    int s = 0;
    for (int i = 0; i < fl->n; i++) s += fl->items[i];
    printf("flex sum=%d\n", s);
    free(fl);
    return 0;
}
