/* Insertion, shell, heap, merge and quick sort written here, on the same generated data; all must agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
#define N 6000
static void insertion(int *a, int n) { for (int i = 1; i < n; i++) { int v = a[i], j = i; while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; } a[j] = v; } }
static void shell(int *a, int n) {
    for (int gap = n / 2; gap > 0; gap /= 2)
        for (int i = gap; i < n; i++) { int v = a[i], j = i; while (j >= gap && a[j - gap] > v) { a[j] = a[j - gap]; j -= gap; } a[j] = v; }
}
static void sift(int *a, int start, int end) {
    int root = start;
    while (2 * root + 1 <= end) {
        int child = 2 * root + 1, sw = root;
        if (a[sw] < a[child]) sw = child;
        if (child + 1 <= end && a[sw] < a[child + 1]) sw = child + 1;
        if (sw == root) return;
        int t = a[root]; a[root] = a[sw]; a[sw] = t; root = sw;
    }
}
static void heap(int *a, int n) {
    for (int s = (n - 2) / 2; s >= 0; s--) sift(a, s, n - 1);
    for (int end = n - 1; end > 0; end--) { int t = a[end]; a[end] = a[0]; a[0] = t; sift(a, 0, end - 1); }
}
static int tmp[N];
static void merge(int *a, int lo, int hi) {
    if (hi - lo < 2) return;
    int mid = (lo + hi) / 2;
    merge(a, lo, mid); merge(a, mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (hi - lo) * sizeof *a);
}
static void quick(int *a, int lo, int hi) {
    while (lo < hi) {
        int p = a[(lo + hi) / 2], i = lo, j = hi;
        while (i <= j) { while (a[i] < p) i++; while (a[j] > p) j--; if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; } }
        if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
    }
}
int main(void) {
    static int orig[N], a[N];
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < N; i++) orig[i] = round == 1 ? N - i : (int)(lcg_next() % (round ? 50 : 1000000)) - 25;
        const char *names[] = {"insertion", "shell", "heap", "merge", "quick"};
        uint64_t first = 0;
        for (int alg = 0; alg < 5; alg++) {
            int n = alg == 0 ? 2000 : N;
            memcpy(a, orig, sizeof a);
            switch (alg) {
            case 0: insertion(a, n); break;
            case 1: shell(a, n); break;
            case 2: heap(a, n); break;
            case 3: merge(a, 0, n); break;
            case 4: quick(a, 0, n - 1); break;
            }
            int ok = 1;
            for (int i = 1; i < n; i++) ok &= a[i - 1] <= a[i];
            uint64_t h = fnv_add(FNV_INIT, a, n * sizeof a[0]);
            if (alg == 1) first = h;
            printf("round %d %-9s sorted=%d min=%d max=%d hash=%016llx%s\n", round, names[alg], ok, a[0], a[n - 1],
                   (unsigned long long)h, alg > 1 && h == first ? " (matches shell)" : "");
        }
    }
    return 0;
}
