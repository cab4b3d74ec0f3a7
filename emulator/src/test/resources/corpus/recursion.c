/* Ackermann, Towers of Hanoi, mutual recursion and naive Fibonacci: call/ret heavy, moderate depth. */
#include <stdio.h>
static long ack(long m, long n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
static long moves;
static void hanoi(int n, int from, int to, int via, int print) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to, print);
    moves++;
    if (print) printf("move disk %d from %d to %d\n", n, from, to);
    hanoi(n - 1, via, to, from, print);
}
static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(void) {
    for (int m = 0; m <= 2; m++)
        for (int n = 0; n <= 4; n++) printf("ack(%d,%d)=%ld\n", m, n, ack(m, n));
    printf("ack(3,5)=%ld\n", ack(3, 5));
    hanoi(4, 1, 3, 2, 1);
    moves = 0;
    hanoi(16, 1, 3, 2, 0);
    printf("hanoi(16) moves=%ld\n", moves);
    printf("even(1001)=%d odd(777)=%d\n", is_even(1001), is_odd(777));
    printf("fib(24)=%ld\n", fib(24));
    return 0;
}
