//! strace
/* Generated machine code: write x86-64 instructions into an RWX mapping, call them, then patch the
 * immediate and call again. The emulator's decoded-block cache must notice the code write. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
typedef long (*fn)(long);
int main(void) {
    unsigned char *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) { puts("mmap rwx failed"); return 1; }
    /* lea rax, [rdi + imm32] ; ret */
    static const unsigned char add_imm[] = {0x48, 0x8d, 0x87, 0, 0, 0, 0, 0xc3};
    memcpy(code, add_imm, sizeof add_imm);
    fn f = (fn)code;
    long total = 0;
    for (int32_t k = -3; k <= 3; k++) {
        memcpy(code + 3, &k, 4); /* patch the displacement in place */
        __builtin___clear_cache((char *)code, (char *)code + sizeof add_imm);
        long r = f(100);
        printf("imm %d: f(100) = %ld\n", k, r);
        total += r;
    }
    /* a loop: mov rax, rdi; imul rax, rax; dec rdi; jnz -? ... keep it simple: rax = rdi * rdi */
    static const unsigned char square[] = {0x48, 0x89, 0xf8, 0x48, 0x0f, 0xaf, 0xc7, 0xc3};
    memcpy(code + 64, square, sizeof square);
    fn sq = (fn)(code + 64);
    for (long v = -2; v <= 2; v++) printf("square(%ld) = %ld\n", v, sq(v));
    code[64 + 4] = 0x0f; /* unchanged byte rewritten: still square */
    code[64 + 7] = 0xc3;
    printf("after rewrite of same bytes: %ld\n", sq(12));
    /* turn the first function into 'mov eax, 7; ret' */
    static const unsigned char seven[] = {0xb8, 7, 0, 0, 0, 0xc3};
    memcpy(code, seven, sizeof seven);
    printf("replaced: f(100) = %ld, total before %ld\n", f(100), total);
    mprotect(code, 4096, PROT_READ | PROT_EXEC);
    printf("after mprotect r-x: %ld\n", f(5));
    return 0;
}
