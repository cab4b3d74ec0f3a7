/* Stores of 2 to 16 bytes that straddle a writable page and a PROT_NONE one:
 * the CPU faults and writes nothing, not even the part that fits. Each store
 * runs many times (caught with siglongjmp), so the emulator also runs it
 * translated. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static void on_segv(int sig) { (void)sig; siglongjmp(env, 1); }

static void movdqu(char *p) { __asm__ volatile("pcmpeqb %%xmm0, %%xmm0\n\tmovdqu %%xmm0, (%0)" :: "r"(p) : "xmm0", "memory"); }
static void movups(char *p) { __asm__ volatile("pcmpeqb %%xmm0, %%xmm0\n\tmovups %%xmm0, (%0)" :: "r"(p) : "xmm0", "memory"); }
static void movupd(char *p) { __asm__ volatile("pcmpeqb %%xmm0, %%xmm0\n\tmovupd %%xmm0, (%0)" :: "r"(p) : "xmm0", "memory"); }
static void movq(char *p) { __asm__ volatile("pcmpeqb %%xmm0, %%xmm0\n\tmovq %%xmm0, (%0)" :: "r"(p) : "xmm0", "memory"); }
static void mov8(char *p) { __asm__ volatile("movq $-1, (%0)" :: "r"(p) : "memory"); }
static void mov4(char *p) { __asm__ volatile("movl $-1, (%0)" :: "r"(p) : "memory"); }
static void mov2(char *p) { __asm__ volatile("movw $-1, (%0)" :: "r"(p) : "memory"); }

static const struct { const char *name; void (*store)(char *); int size; } stores[] = {
    {"movdqu", movdqu, 16}, {"movups", movups, 16}, {"movupd", movupd, 16},
    {"movq xmm", movq, 8}, {"mov 8", mov8, 8}, {"mov 4", mov4, 4}, {"mov 2", mov2, 2},
};

int main(void) {
    long page = sysconf(_SC_PAGESIZE);
    char *two = mmap(0, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (two == MAP_FAILED || mprotect(two + page, page, PROT_NONE) != 0) { perror("mmap"); return 1; }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sigaction(SIGSEGV, &sa, 0);
    char *end = two + page;
    for (unsigned s = 0; s < sizeof stores / sizeof stores[0]; s++) {
        int faults = 0, changed = 0, fits = 0;
        for (int round = 0; round < 60; round++) {
            for (int in = 1; in < stores[s].size; in++) { /* bytes of the store that fit the first page */
                memset(end - 32, 0xAA, 32);
                volatile int faulted = 0;
                if (sigsetjmp(env, 1) == 0) stores[s].store(end - in);
                else faulted = 1;
                faults += faulted;
                for (int b = 0; b < 32; b++) if ((unsigned char)end[b - 32] != 0xAA) { changed++; break; }
            }
            memset(end - 32, 0xAA, 32);
            stores[s].store(end - stores[s].size); /* the same store just inside the page */
            fits += (unsigned char)end[-1] == 0xFF && (unsigned char)end[-stores[s].size] == 0xFF
                    && (unsigned char)end[-stores[s].size - 1] == 0xAA;
        }
        printf("%-8s faults %d, bytes written before a fault %d, whole stores inside the page %d\n",
               stores[s].name, faults, changed, fits);
    }
    return 0;
}
