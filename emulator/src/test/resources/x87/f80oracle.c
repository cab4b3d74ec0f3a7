/* Host x87 oracle for F80Test: reads "op cw ase am bse bm" lines (hex), runs the
 * operation on the real FPU with that control word, prints the result bits and
 * the status word. Binary ops compute a OP b with a in ST(0), b in ST(1). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct { uint64_t m; uint16_t se; } __attribute__((packed)) x80;

#define BIN(insn) asm volatile("fninit\n fldcw %[c]\n fldt %[b]\n fldt %[a]\n " insn "\n fnstsw %[sw]\n fstpt %[r]\n fstp %%st(0)" \
    : [r] "=m"(r), [sw] "=m"(sw) : [a] "m"(a), [b] "m"(b), [c] "m"(c))
#define UN(insn) asm volatile("fninit\n fldcw %[c]\n fldt %[a]\n " insn "\n fnstsw %[sw]\n fstpt %[r]" \
    : [r] "=m"(r), [sw] "=m"(sw) : [a] "m"(a), [c] "m"(c))
#define STORE(insn, dst) asm volatile("fninit\n fldcw %[c]\n fldt %[a]\n " insn " %[o]\n fnstsw %[sw]" \
    : [o] "=m"(dst), [sw] "=m"(sw) : [a] "m"(a), [c] "m"(c))
#define LOAD(insn, src) asm volatile("fninit\n fldcw %[c]\n " insn " %[i]\n fnstsw %[sw]\n fstpt %[r]" \
    : [r] "=m"(r), [sw] "=m"(sw) : [i] "m"(src), [c] "m"(c))
#define CMP(insn) asm volatile("fninit\n fldcw %[c]\n fldt %[b]\n fldt %[a]\n " insn "\n fnstsw %[sw]\n fstp %%st(0)\n fstp %%st(0)" \
    : [sw] "=m"(sw) : [a] "m"(a), [b] "m"(b), [c] "m"(c))

int main(void) {
    char op[16];
    unsigned cw, ase, bse;
    unsigned long long am, bm;
    while (scanf("%15s %x %x %llx %x %llx", op, &cw, &ase, &am, &bse, &bm) == 6) {
        x80 a = {am, (uint16_t) ase}, b = {bm, (uint16_t) bse}, r = {0, 0};
        uint16_t sw = 0, c = (uint16_t) cw, o16 = 0;
        uint32_t o32 = 0, i32 = (uint32_t) am;
        uint64_t o64 = 0, i64 = am;
        int kind = 0; /* 0: extended result, 1: 64-bit, 2: 32-bit, 3: 16-bit, 4: status only */
        if (!strcmp(op, "add")) BIN("fadd %%st(1), %%st");
        else if (!strcmp(op, "sub")) BIN("fsub %%st(1), %%st");
        else if (!strcmp(op, "mul")) BIN("fmul %%st(1), %%st");
        else if (!strcmp(op, "div")) BIN("fdiv %%st(1), %%st");
        else if (!strcmp(op, "sqrt")) UN("fsqrt");
        else if (!strcmp(op, "rndint")) UN("frndint");
        else if (!strcmp(op, "std")) { STORE("fstpl", o64); kind = 1; }
        else if (!strcmp(op, "stf")) { STORE("fstps", o32); kind = 2; }
        else if (!strcmp(op, "ist16")) { STORE("fistps", o16); kind = 3; }
        else if (!strcmp(op, "ist32")) { STORE("fistpl", o32); kind = 2; }
        else if (!strcmp(op, "ist64")) { STORE("fistpll", o64); kind = 1; }
        else if (!strcmp(op, "istt16")) { STORE("fisttps", o16); kind = 3; }
        else if (!strcmp(op, "istt32")) { STORE("fisttpl", o32); kind = 2; }
        else if (!strcmp(op, "istt64")) { STORE("fisttpll", o64); kind = 1; }
        else if (!strcmp(op, "ldd")) LOAD("fldl", i64);
        else if (!strcmp(op, "ldf")) LOAD("flds", i32);
        else if (!strcmp(op, "ild64")) LOAD("fildll", i64);
        else if (!strcmp(op, "com")) { CMP("fcom %%st(1)"); kind = 4; }
        else if (!strcmp(op, "prem")) BIN("fprem");
        else if (!strcmp(op, "prem1")) BIN("fprem1");
        else if (!strcmp(op, "scale")) BIN("fscale");
        else if (!strcmp(op, "ucom")) { CMP("fucom %%st(1)"); kind = 4; }
        else { fprintf(stderr, "unknown op %s\n", op); return 2; }
        switch (kind) {
        case 0: printf("%04x %016llx %04x\n", r.se, (unsigned long long) r.m, sw); break;
        case 1: printf("%016llx %04x\n", (unsigned long long) o64, sw); break;
        case 2: printf("%08x %04x\n", o32, sw); break;
        case 3: printf("%04x %04x\n", o16, sw); break;
        default: printf("%04x\n", sw);
        }
    }
    return 0;
}
