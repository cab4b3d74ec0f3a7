/*
 * Native oracle for binfarm's instruction-level differential test.
 *
 * Reads cases from stdin, runs each snippet on the host CPU and writes the final
 * state to stdout. Input per case (little-endian):
 *   u16 code length, code bytes,
 *   u64 r[16] (RAX..R15, encoding order), u64 rflags, u64 xmm[32] (XMM0..15 lo,hi),
 *   u64 data seed (the 4 KiB data area at DATA_ADDR is filled with splitmix64(seed)).
 * Output per case:
 *   u32 signal (0 = ran to the end), u64 rip offset from CODE_ADDR (length of the
 *   code when no signal), u64 r[16], u64 rflags, u64 xmm[32],
 *   u32 n, then n x (u16 word index, u64 value): data words that differ from the fill.
 * On a signal the registers are those of the signal context (the faulting state).
 * The GS base is GS_BASE, so gs: operands work.
 * Build: gcc -O1 -static -no-pie -o difftest difftest.c
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <asm/prctl.h>

#define DATA_ADDR 0x10000000UL
#define CODE_ADDR 0x20000000UL
#define DATA_WORDS 512
/* GS is unused by user space on Linux, so snippets may use gs: operands; its base is in the data area. */
#define GS_BASE (DATA_ADDR + 0x100)

struct state {
    uint64_t r[16];
    uint64_t rflags;
    uint64_t xmm[32];
};

struct state in_state, out_state;
uint64_t saved_rsp;
uint64_t code_ptr = CODE_ADDR;

static sigjmp_buf recover;
static volatile int sig;
static volatile uint64_t sig_rip;

extern void run_snippet(void);
extern char snippet_return[];

#define X(n) " movdqu xmm" #n ", [in_state + 136 + 16*" #n "]\n"
#define Y(n) " movdqu [out_state + 136 + 16*" #n "], xmm" #n "\n"
__asm__(
    ".intel_syntax noprefix\n"
    ".text\n"
    ".globl run_snippet\n"
    "run_snippet:\n"
    " push rbx\n push rbp\n push r12\n push r13\n push r14\n push r15\n"
    " mov [saved_rsp], rsp\n"
    " fninit\n push 0x1f80\n ldmxcsr [rsp]\n add rsp, 8\n"
    X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
    " push qword ptr [in_state + 128]\n popfq\n"
    " mov rax, [in_state + 0]\n mov rcx, [in_state + 8]\n mov rdx, [in_state + 16]\n mov rbx, [in_state + 24]\n"
    " mov rbp, [in_state + 40]\n mov rsi, [in_state + 48]\n mov rdi, [in_state + 56]\n"
    " mov r8, [in_state + 64]\n mov r9, [in_state + 72]\n mov r10, [in_state + 80]\n mov r11, [in_state + 88]\n"
    " mov r12, [in_state + 96]\n mov r13, [in_state + 104]\n mov r14, [in_state + 112]\n mov r15, [in_state + 120]\n"
    " mov rsp, [in_state + 32]\n"
    " jmp qword ptr [code_ptr]\n"
    ".globl snippet_return\n"
    "snippet_return:\n"
    " mov [out_state + 0], rax\n mov [out_state + 8], rcx\n mov [out_state + 16], rdx\n mov [out_state + 24], rbx\n"
    " mov [out_state + 32], rsp\n mov [out_state + 40], rbp\n mov [out_state + 48], rsi\n mov [out_state + 56], rdi\n"
    " mov [out_state + 64], r8\n mov [out_state + 72], r9\n mov [out_state + 80], r10\n mov [out_state + 88], r11\n"
    " mov [out_state + 96], r12\n mov [out_state + 104], r13\n mov [out_state + 112], r14\n mov [out_state + 120], r15\n"
    " mov rsp, [saved_rsp]\n"
    " pushfq\n pop rax\n mov [out_state + 128], rax\n"
    Y(0) Y(1) Y(2) Y(3) Y(4) Y(5) Y(6) Y(7) Y(8) Y(9) Y(10) Y(11) Y(12) Y(13) Y(14) Y(15)
    " cld\n"
    " pop r15\n pop r14\n pop r13\n pop r12\n pop rbp\n pop rbx\n"
    " ret\n"
    ".att_syntax prefix\n");

static void handler(int s, siginfo_t *si, void *ctx) {
    (void) si;
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    static const int order[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                  REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
    for (int k = 0; k < 16; k++) out_state.r[k] = g[order[k]];
    out_state.rflags = g[REG_EFL];
    if (uc->uc_mcontext.fpregs) memcpy(out_state.xmm, uc->uc_mcontext.fpregs->_xmm, sizeof out_state.xmm);
    sig_rip = g[REG_RIP];
    sig = s;
    siglongjmp(recover, 1);
}

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void must_read(void *p, size_t n) {
    if (fread(p, 1, n, stdin) != n) { fprintf(stderr, "difftest: truncated input\n"); exit(2); }
}

int main(void) {
    static char outbuf[1 << 20], inbuf[1 << 20];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    setvbuf(stdin, inbuf, _IOFBF, sizeof inbuf);
    uint64_t *data = mmap((void *) DATA_ADDR, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    uint8_t *code = mmap((void *) CODE_ADDR, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (data == MAP_FAILED || code == MAP_FAILED) { perror("mmap"); return 2; }

    if (syscall(SYS_arch_prctl, ARCH_SET_GS, GS_BASE) != 0) { perror("arch_prctl"); return 2; }
    static char altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
    for (unsigned k = 0; k < sizeof sigs / sizeof sigs[0]; k++) sigaction(sigs[k], &sa, 0);

    uint64_t expect[DATA_WORDS];
    for (;;) {
        uint16_t len;
        if (fread(&len, 2, 1, stdin) != 1) break;
        if (len > 4096) { fprintf(stderr, "difftest: snippet too long\n"); return 2; }
        must_read(code, len);
        code[len] = 0xFF; code[len + 1] = 0x25; /* jmp [rip+0] */
        memset(code + len + 2, 0, 4);
        uint64_t back = (uint64_t) snippet_return;
        memcpy(code + len + 6, &back, 8);
        must_read(&in_state, sizeof in_state);
        uint64_t seed;
        must_read(&seed, 8);
        uint64_t s = seed;
        for (int k = 0; k < DATA_WORDS; k++) expect[k] = data[k] = splitmix(&s);

        uint64_t rip_off;
        sig = 0;
        alarm(10);
        if (sigsetjmp(recover, 1) == 0) {
            run_snippet();
            rip_off = len;
        } else {
            rip_off = sig_rip - CODE_ADDR;
        }
        alarm(0);
        uint32_t sg = sig;
        fwrite(&sg, 4, 1, stdout);
        fwrite(&rip_off, 8, 1, stdout);
        fwrite(&out_state, sizeof out_state, 1, stdout);
        uint32_t n = 0;
        for (int k = 0; k < DATA_WORDS; k++) n += data[k] != expect[k];
        fwrite(&n, 4, 1, stdout);
        for (uint16_t k = 0; k < DATA_WORDS; k++) {
            if (data[k] != expect[k]) {
                fwrite(&k, 2, 1, stdout);
                fwrite(&data[k], 8, 1, stdout);
            }
        }
    }
    fflush(stdout);
    return 0;
}
