/* lock-prefixed atomics from 4 threads: __atomic and __sync builtins, a CAS spin lock, xchg. */
#include <pthread.h>
#include <stdio.h>
#include <sched.h>

static long add_counter, sync_counter, cas_counter, plain_under_spin;
static int spin;
static long xchg_slot;

static void lock(void) { while (__atomic_exchange_n(&spin, 1, __ATOMIC_ACQUIRE)) sched_yield(); }
static void unlock(void) { __atomic_store_n(&spin, 0, __ATOMIC_RELEASE); }

static void *work(void *arg) {
    for (int i = 0; i < 50000; i++) {
        __atomic_fetch_add(&add_counter, 1, __ATOMIC_SEQ_CST);
        __sync_fetch_and_add(&sync_counter, 2);
        long old = cas_counter;
        while (!__atomic_compare_exchange_n(&cas_counter, &old, old + 3, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) { }
        if (i % 100 == 0) {
            lock();
            plain_under_spin++;
            unlock();
        }
        __atomic_exchange_n(&xchg_slot, (long) arg, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(void) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, work, (void *) (i + 1));
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("add=%ld sync=%ld cas=%ld spin=%ld slot_ok=%d\n", add_counter, sync_counter, cas_counter,
           plain_under_spin, xchg_slot >= 1 && xchg_slot <= 4);
    return 0;
}
