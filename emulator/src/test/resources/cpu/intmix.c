/* Integer workloads as gcc compiles them: arithmetic at every width, division by constants and
   variables, 128-bit products, bit builtins, jump tables, recursion, sorting and hashing. */
#include "rt.h"

static u64 state = 0x243F6A8885A308D3ULL;
static u64 rnd(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

__attribute__((noinline)) static u64 widths(u64 a, u64 b) {
    u64 h = 0;
    h += (u8) a + (u8) b; h ^= (i8) a * (i8) b; h += (u16) a * (u16) b; h ^= (i16) a / ((i16) b | 1);
    h += (u32) a * (u32) b; h ^= (i32) a / ((i32) b | 1); h += (i32) a % ((i32) b | 1);
    h += a / (b | 1); h ^= a % (b | 1); h += (i64) a / ((i64) b | 1); h ^= (i64) a % ((i64) b | 1);
    h += a / 10; h ^= a / 7; h += (i64) a / 3; h ^= (u32) a / 1000; h += (i32) a % 13;
    h ^= (u64) (((unsigned __int128) a * b) >> 64);
    h += (u64) (((__int128) (i64) a * (i64) b) >> 64);
    h ^= a << (b & 63); h += a >> (b & 63); h ^= (u64) ((i64) a >> (b & 63));
    h += (u32) a << (b & 31); h ^= (i32) a >> (b & 31);
    h += (a << 7) | (a >> 57); h ^= ((u32) a >> 3) | ((u32) a << 29);
    h += a < b; h += (i64) a < (i64) b; h += (i32) a > (i32) b; h += (u16) a >= (u16) b;
    h += a ? a : b; h ^= (i64) a > 0 ? 5 : 9;
    return h;
}

__attribute__((noinline)) static u64 bits(u64 a) {
    u64 h = 0;
    if (a) { h += __builtin_ctzll(a); h += __builtin_clzll(a); }
    if ((u32) a) { h ^= __builtin_ctz((u32) a) << 8; h ^= __builtin_clz((u32) a) << 16; }
    h += __builtin_popcountll(a); h += __builtin_popcount((u32) a) << 4;
    h ^= __builtin_bswap64(a); h += __builtin_bswap32((u32) a); h ^= __builtin_bswap16((u16) a);
    h += __builtin_parityll(a);
    return h;
}

__attribute__((noinline)) static int classify(int x) {
    switch (x & 15) {
        case 0: return 7;
        case 1: return x * 3;
        case 2: return x ^ 0x55;
        case 3: return -x;
        case 4: return x >> 2;
        case 5: return x + 100;
        case 6: return x & 0xF0;
        case 7: return x | 1;
        case 9: return 99;
        case 11: return x * x;
        case 13: return x / 7;
        default: return 0;
    }
}

static u64 fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static void sort(u32 *a, int n) {
    for (int i = 1; i < n; i++) {
        u32 v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void qsort_(i64 *a, int lo, int hi) {
    if (lo >= hi) return;
    i64 p = a[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
        while (a[i] < p) i++;
        while (a[j] > p) j--;
        if (i <= j) { i64 t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    qsort_(a, lo, j);
    qsort_(a, i, hi);
}

static u32 crc_table[256];

static u32 crc32(const u8 *p, int n) {
    u32 c = ~0u;
    while (n--) c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}

struct item { u8 tag; u16 w; u32 d; u64 q; };

int main(void) {
    u64 h = 0;
    for (int k = 0; k < 3000; k++) { u64 a = rnd(), b = rnd() >> (k & 63); h = h * 31 + widths(a, b) + bits(a >> (k & 31)); }
    kv("widths", h);
    h = 0;
    for (int k = -500; k < 500; k++) h = h * 33 + classify(k);
    kv("switch", h);
    kv("fib", fib(24));
    static u32 arr[600];
    for (int k = 0; k < 600; k++) arr[k] = (u32) rnd();
    sort(arr, 600);
    h = 0;
    for (int k = 0; k < 600; k++) h = h * 131 + arr[k];
    kv("isort", h);
    static i64 big[5000];
    for (int k = 0; k < 5000; k++) big[k] = (i64) rnd() >> (k & 7);
    qsort_(big, 0, 4999);
    h = 0;
    for (int k = 1; k < 5000; k++) h += big[k - 1] <= big[k];
    kv("qsorted", h);
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    static u8 buf[20000];
    for (int k = 0; k < 20000; k++) buf[k] = (u8) (rnd() >> 11);
    kv("crc32", crc32(buf, 20000));
    static struct item items[100];
    for (int k = 0; k < 100; k++) { items[k].tag = k; items[k].w = k * 300; items[k].d = k * 70000; items[k].q = rnd(); }
    struct item copy[100];
    memcpy(copy, items, sizeof items);
    h = 0;
    for (int k = 0; k < 100; k++) h += copy[k].tag + copy[k].w + copy[k].d + (copy[k].q >> 3);
    kv("structs", h);
    puts_("signed: "); puti(-1234567890123LL); putch('\n');
    return 42;
}
