/* Atomic builtins (lock add/xadd/cmpxchg/xchg, 16-byte cmpxchg16b via __atomic on __int128 with -mcx16
 * semantics from libatomic-free inline sequences), fences, and a lock-free stack in one thread. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
struct node { struct node *next; int v; };
int main(void) {
    _Atomic long counter = 0;
    for (int i = 0; i < 1000; i++) atomic_fetch_add(&counter, i);
    long old = atomic_exchange(&counter, 5);
    long expected = 5;
    int ok1 = atomic_compare_exchange_strong(&counter, &expected, 9);
    expected = 5;
    int ok2 = atomic_compare_exchange_strong(&counter, &expected, 11);
    printf("sum=%ld now=%ld cas1=%d cas2=%d expected=%ld\n", old, (long)counter, ok1, ok2, expected);
    uint32_t u = 0xf0f0;
    printf("fetch_or=%x fetch_and=%x fetch_xor=%x sub=%u now=%x\n", __atomic_fetch_or(&u, 0x0f, __ATOMIC_SEQ_CST),
           __atomic_fetch_and(&u, 0xff0f, __ATOMIC_SEQ_CST), __atomic_fetch_xor(&u, 0x1, __ATOMIC_SEQ_CST),
           __sync_sub_and_fetch(&u, 3), u);
    uint8_t b = 250;
    uint16_t w = 65530;
    printf("u8 wrap=%u u16 wrap=%u\n", __atomic_add_fetch(&b, 10, __ATOMIC_RELAXED), __atomic_add_fetch(&w, 10, __ATOMIC_RELAXED));
    printf("sync cas=%d val cas=%ld\n", __sync_bool_compare_and_swap(&old, 499500, 1), __sync_val_compare_and_swap(&old, 1, 2));
    int flag = __atomic_test_and_set(&b, __ATOMIC_SEQ_CST);
    printf("test_and_set=%d\n", flag);
    atomic_thread_fence(memory_order_seq_cst);
    static struct node nodes[100];
    _Atomic(struct node *) head = NULL;
    for (int i = 0; i < 100; i++) {
        nodes[i].v = i;
        struct node *h = atomic_load(&head);
        do nodes[i].next = h; while (!atomic_compare_exchange_weak(&head, &h, &nodes[i]));
    }
    long s = 0;
    struct node *h;
    while ((h = atomic_load(&head)) != NULL) {
        struct node *n = h->next;
        if (atomic_compare_exchange_strong(&head, &h, n)) s += h->v;
    }
    printf("stack popped sum=%ld\n", s);
    return 0;
}
