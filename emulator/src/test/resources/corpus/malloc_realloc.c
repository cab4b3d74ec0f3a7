/* realloc growth and shrink chains (contents must survive every move), interleaved frees that
 * fragment the heap, and a linked list built and torn down several times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
struct node { struct node *next; int value; char pad[20]; };
int main(void) {
    uint64_t h = FNV_INIT;
    for (int chain = 0; chain < 8; chain++) {
        size_t sz = 1;
        char *p = malloc(sz);
        p[0] = (char)chain;
        for (int step = 0; step < 40; step++) {
            size_t nsz = step % 5 == 4 ? sz / 2 + 1 : sz * 2 + (size_t)chain * 13;
            p = realloc(p, nsz);
            for (size_t k = sz; k < nsz; k++) p[k] = (char)(k * 3 + chain);
            sz = nsz;
            if (sz > (1 << 20)) break;
        }
        h = fnv_add(h, p, sz);
        printf("chain %d final size %zu hash %016llx\n", chain, sz, (unsigned long long)h);
        free(p);
    }
    void *holes[256];
    for (int i = 0; i < 256; i++) holes[i] = malloc(16 + (i % 7) * 24);
    for (int i = 0; i < 256; i += 2) { free(holes[i]); holes[i] = NULL; }
    for (int i = 0; i < 256; i += 2) holes[i] = malloc(40);
    for (int i = 0; i < 256; i++) free(holes[i]);
    for (int round = 0; round < 5; round++) {
        struct node *head = NULL;
        for (int i = 0; i < 2000; i++) {
            struct node *n = malloc(sizeof *n);
            n->value = i * round;
            n->next = head;
            head = n;
        }
        long sum = 0;
        while (head) { struct node *n = head; head = n->next; sum += n->value; free(n); }
        printf("round %d sum %ld\n", round, sum);
    }
    char *z = realloc(NULL, 10);
    strcpy(z, "realloc");
    z = realloc(z, 100000);
    printf("%s survives\n", z);
    free(z);
    return 0;
}
