/* A tiny stack VM with a switch dispatch loop: runs bytecode for a Fibonacci printer and a counting loop. */
#include <stdint.h>
#include <stdio.h>
enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, PRINT, HALT, DUP, EQ };
typedef struct { int op; int64_t arg; } Ins;
static int64_t run(const Ins *code, int print) {
    int64_t stack[64], vars[8] = {0};
    int sp = 0, pc = 0;
    long steps = 0;
    for (;;) {
        Ins in = code[pc++];
        steps++;
        switch (in.op) {
        case PUSH: stack[sp++] = in.arg; break;
        case LOAD: stack[sp++] = vars[in.arg]; break;
        case STORE: vars[in.arg] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case JZ: if (stack[--sp] == 0) pc = (int)in.arg; break;
        case JMP: pc = (int)in.arg; break;
        case PRINT: if (print) printf("vm: %lld\n", (long long)stack[sp - 1]); sp--; break;
        case HALT: printf("halt after %ld steps\n", steps); return sp ? stack[sp - 1] : vars[0];
        }
    }
}
int main(void) {
    /* fib: a=0 b=1 i=0; while i<n: t=a+b a=b b=t i++ ; print each a */
    Ins fib[] = {{PUSH, 0}, {STORE, 0}, {PUSH, 1}, {STORE, 1}, {PUSH, 0}, {STORE, 2},
                 {LOAD, 2}, {PUSH, 60}, {LT, 0}, {JZ, 25},
                 {LOAD, 0}, {PRINT, 0}, {LOAD, 0}, {LOAD, 1}, {ADD, 0}, {LOAD, 1}, {STORE, 0}, {STORE, 1},
                 {LOAD, 2}, {PUSH, 1}, {ADD, 0}, {STORE, 2}, {JMP, 6}, {HALT, 0}, {HALT, 0}, {LOAD, 0}, {HALT, 0}};
    printf("fib result %lld\n", (long long)run(fib, 1));
    /* count n in [0,100000) with n % 7 == 3: vars 0=count 1=n */
    Ins count2[] = {{PUSH, 0}, {STORE, 0}, {PUSH, 0}, {STORE, 1},
                    /*4*/ {LOAD, 1}, {PUSH, 100000}, {LT, 0}, {JZ, 21},
                    {LOAD, 1}, {PUSH, 7}, {MOD, 0}, {PUSH, 3}, {EQ, 0}, {LOAD, 0}, {ADD, 0}, {STORE, 0},
                    {LOAD, 1}, {PUSH, 1}, {ADD, 0}, {STORE, 1}, {JMP, 4}, /*21*/ {LOAD, 0}, {HALT, 0}};
    printf("n%%7==3 below 100000: %lld\n", (long long)run(count2, 0));
    return 0;
}
