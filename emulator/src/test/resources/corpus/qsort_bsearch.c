/* qsort over ints, doubles, strings and structs (stable tie-break by index), then bsearch hits and misses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
struct rec { int key; int idx; };
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_dbl(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_rec(const void *a, const void *b) {
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->idx - y->idx;
}
int main(void) {
    static int v[5000];
    for (int n = 0; n <= 5000; n = n < 20 ? n + 1 : n * 3) {
        for (int i = 0; i < n; i++) v[i] = (int)(lcg_next() % 1000) - 500;
        qsort(v, n, sizeof v[0], cmp_int);
        int ok = 1;
        for (int i = 1; i < n; i++) ok &= v[i - 1] <= v[i];
        uint64_t h = fnv_add(FNV_INIT, v, n * sizeof v[0]);
        int hits = 0;
        for (int k = -510; k <= 510; k += 3) hits += bsearch(&k, v, n, sizeof v[0], cmp_int) != NULL;
        printf("ints n=%d sorted=%d hash=%016llx hits=%d\n", n, ok, (unsigned long long)h, hits);
    }
    double d[300];
    for (int i = 0; i < 300; i++) d[i] = (double)(int64_t)lcg_next() / 1e9;
    qsort(d, 300, sizeof d[0], cmp_dbl);
    printf("doubles: %.6g %.6g %.6g\n", d[0], d[150], d[299]);
    char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "apple", "cherry", "date", "", "Zucchini"};
    int nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    for (int i = 0; i < nw; i++) printf("word[%d]=%s\n", i, words[i]);
    char *key = "fig";
    char **found = bsearch(&key, words, nw, sizeof words[0], cmp_str);
    printf("fig at %d\n", found ? (int)(found - words) : -1);
    struct rec r[1000];
    for (int i = 0; i < 1000; i++) { r[i].key = (int)(lcg_next() % 17); r[i].idx = i; }
    qsort(r, 1000, sizeof r[0], cmp_rec);
    uint64_t h = FNV_INIT;
    for (int i = 0; i < 1000; i++) h = fnv_u64(h, (uint64_t)r[i].key << 32 | (unsigned)r[i].idx);
    printf("records hash=%016llx first=%d/%d last=%d/%d\n", (unsigned long long)h, r[0].key, r[0].idx, r[999].key, r[999].idx);
    return 0;
}
