/* Shared helpers for the differential corpus: a stable hash and a seeded
 * generator, so every program prints the same thing on every run. */
#ifndef CORPUS_H
#define CORPUS_H
#include <stddef.h>
#include <stdint.h>

static uint64_t fnv_add(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++) { h ^= b[i]; h *= 0x100000001b3ULL; }
    return h;
}
static uint64_t fnv_u64(uint64_t h, uint64_t v) { return fnv_add(h, &v, sizeof v); }
#define FNV_INIT 0xcbf29ce484222325ULL

static uint64_t lcg_state = 88172645463325252ULL;
static uint64_t lcg_next(void) {
    lcg_state ^= lcg_state << 13; lcg_state ^= lcg_state >> 7; lcg_state ^= lcg_state << 17;
    return lcg_state;
}
#endif
