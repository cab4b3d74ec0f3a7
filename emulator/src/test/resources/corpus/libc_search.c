/* libc's own data structures: tsearch/tfind/tdelete/twalk (a balanced tree), hsearch, lsearch/lfind,
 * and insque/remque, driven by generated keys. */
#define _GNU_SOURCE
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
static int cmp(const void *a, const void *b) { long x = *(const long *)a, y = *(const long *)b; return (x > y) - (x < y); }
static long walked, walk_sum, depth_max;
static void visit(const void *node, VISIT v, int depth) {
    if (v == postorder || v == leaf) { walked++; walk_sum += **(long *const *)node; if (depth > depth_max) depth_max = depth; }
}
struct elem { struct elem *next, *prev; int v; };
int main(void) {
    static long keys[3000];
    void *root = NULL;
    int inserted = 0;
    for (int i = 0; i < 3000; i++) {
        keys[i] = (long)(lcg_next() % 5000);
        long **r = tsearch(&keys[i], &root, cmp);
        if (*r == &keys[i]) inserted++;
    }
    twalk(root, visit);
    printf("tsearch inserted=%d walked=%ld sum=%ld depth_ok=%d\n", inserted, walked, walk_sum, depth_max < 30);
    int found = 0, deleted = 0;
    for (long k = 0; k < 5000; k += 7) {
        if (tfind(&k, &root, cmp)) { found++; if (tdelete(&k, &root, cmp)) deleted++; }
    }
    walked = walk_sum = 0;
    twalk(root, visit);
    printf("tfind found=%d deleted=%d remaining=%ld\n", found, deleted, walked);
    hcreate(200);
    char names[100][8];
    for (int i = 0; i < 100; i++) {
        snprintf(names[i], sizeof names[i], "k%03d", i * 7);
        ENTRY e = {names[i], (void *)(long)i};
        hsearch(e, ENTER);
    }
    int hits = 0;
    long hsum = 0;
    for (int i = 0; i < 800; i += 3) {
        char k[8];
        snprintf(k, sizeof k, "k%03d", i);
        ENTRY q = {k, NULL}, *r = hsearch(q, FIND);
        if (r) { hits++; hsum += (long)r->data; }
    }
    printf("hsearch hits=%d sum=%ld\n", hits, hsum);
    hdestroy();
    int arr[20];
    size_t n = 0;
    for (int i = 0; i < 40; i++) { int v = (i * 13) % 17; lsearch(&v, arr, &n, sizeof arr[0], (int (*)(const void *, const void *))cmp); }
    printf("lsearch unique=%zu first=%d last=%d\n", n, arr[0], arr[n - 1]);
    struct elem e[5];
    memset(e, 0, sizeof e);
    insque(&e[0], NULL);
    for (int i = 1; i < 5; i++) { e[i].v = i; insque(&e[i], &e[i - 1]); }
    remque(&e[2]);
    printf("list:");
    for (struct elem *p = &e[0]; p; p = p->next) printf(" %d", p->v);
    putchar('\n');
    return 0;
}
