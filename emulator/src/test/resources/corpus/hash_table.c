/* An open-addressing hash table of strings with growth and deletion (tombstones): word counts over
 * generated text, then lookups of present and absent keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
typedef struct { char *key; int count; int dead; } Slot;
static Slot *slots;
static size_t cap, used;
static uint64_t hash(const char *s) { return fnv_add(FNV_INIT, s, strlen(s)); }
static Slot *find(const char *k, int insert) {
    size_t i = hash(k) & (cap - 1);
    Slot *tomb = NULL;
    for (;;) {
        Slot *s = &slots[i];
        if (!s->key) { if (!insert) return NULL; if (tomb) s = tomb; s->key = strdup(k); s->count = 0; s->dead = 0; used++; return s; }
        if (s->dead) { if (!tomb) tomb = s; }
        else if (strcmp(s->key, k) == 0) return s;
        i = (i + 1) & (cap - 1);
    }
}
static void grow(void) {
    Slot *old = slots;
    size_t oldcap = cap;
    cap *= 2;
    slots = calloc(cap, sizeof *slots);
    used = 0;
    for (size_t i = 0; i < oldcap; i++) {
        if (old[i].key && !old[i].dead) { Slot *s = find(old[i].key, 1); s->count = old[i].count; }
        free(old[i].key);
    }
    free(old);
}
int main(void) {
    cap = 16;
    slots = calloc(cap, sizeof *slots);
    static const char *syll[] = {"ka", "lo", "mi", "ne", "ru", "ta", "zo", "pe"};
    char word[32];
    for (int i = 0; i < 30000; i++) {
        int len = 1 + (int)(lcg_next() % 3);
        word[0] = 0;
        for (int k = 0; k < len; k++) strcat(word, syll[lcg_next() % 8]);
        if (used * 4 >= cap * 3) grow();
        find(word, 1)->count++;
    }
    size_t live = 0;
    long total = 0;
    int best = 0;
    const char *bestk = "";
    for (size_t i = 0; i < cap; i++)
        if (slots[i].key && !slots[i].dead) { live++; total += slots[i].count; if (slots[i].count > best || (slots[i].count == best && strcmp(slots[i].key, bestk) < 0)) { best = slots[i].count; bestk = slots[i].key; } }
    printf("cap=%zu live=%zu total=%ld most=%s x%d\n", cap, live, total, bestk, best);
    const char *del[] = {"ka", "lolo", "mineru", "zzz"};
    for (int i = 0; i < 4; i++) { Slot *s = find(del[i], 0); printf("delete %s: %s\n", del[i], s ? "found" : "absent"); if (s) s->dead = 1; }
    const char *look[] = {"ka", "lo", "lolo", "tatata", "pezoka", "nope"};
    for (int i = 0; i < 6; i++) { Slot *s = find(look[i], 0); printf("lookup %s: %d\n", look[i], s ? s->count : -1); }
    return 0;
}
