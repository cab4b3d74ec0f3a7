/* A freestanding runtime for CPU test programs: _start, write/exit syscalls, number printing. */
typedef unsigned long size_t;
typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;
typedef unsigned short u16;
typedef short i16;
typedef unsigned char u8;
typedef signed char i8;

static long sys3(long n, long a, long b, long c) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}

static char outbuf[1 << 16];
static int outlen;

static void flush(void) {
    if (outlen) sys3(1, 1, (long) outbuf, outlen);
    outlen = 0;
}

static void putch(char c) {
    if (outlen == sizeof outbuf) flush();
    outbuf[outlen++] = c;
}

static void puts_(const char *s) {
    while (*s) putch(*s++);
}

static void putu(u64 v) {
    char b[24];
    int n = 0;
    do { b[n++] = '0' + v % 10; v /= 10; } while (v);
    while (n) putch(b[--n]);
}

static void puti(i64 v) {
    if (v < 0) { putch('-'); putu(-(u64) v); } else putu(v);
}

static void putx(u64 v) {
    for (int k = 60; k >= 0; k -= 4) putch("0123456789abcdef"[(v >> k) & 15]);
}

static void kv(const char *k, u64 v) {
    puts_(k);
    putch('=');
    putx(v);
    putch('\n');
}

int main(void);

void *memset(void *d, int c, size_t n) {
    u8 *p = d;
    while (n--) *p++ = c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n) {
    u8 *p = d;
    const u8 *q = s;
    while (n--) *p++ = *q++;
    return d;
}

__attribute__((noreturn)) void exit_(int code) {
    flush();
    sys3(231, code, 0, 0);
    __builtin_unreachable();
}

__asm__(".globl _start\n_start:\n xor %ebp, %ebp\n and $-16, %rsp\n call start_c\n hlt\n");

void start_c(void) {
    exit_(main());
}
