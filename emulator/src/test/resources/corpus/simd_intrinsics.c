/* Explicit SSE2/SSSE3 intrinsics (compiled with -mssse3 through a target attribute): integer
 * shuffles, saturating packs, multiply-adds, compares and movemask, and packed float math. */
#include <emmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <tmmintrin.h>
#include "corpus.h"
static void show(const char *what, __m128i v) {
    uint8_t b[16];
    _mm_storeu_si128((__m128i *)b, v);
    printf("%-10s", what);
    for (int i = 0; i < 16; i++) printf(" %02x", b[i]);
    putchar('\n');
}
__attribute__((target("ssse3"))) static void ssse3_part(__m128i a, __m128i b) {
    show("pshufb", _mm_shuffle_epi8(a, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, -1, 9, 10, 11, 12, -128, 14, 15)));
    show("palignr", _mm_alignr_epi8(a, b, 5));
    show("pabsb", _mm_abs_epi8(b));
    show("phaddw", _mm_hadd_epi16(a, b));
    show("pmaddubsw", _mm_maddubs_epi16(a, b));
    show("pmulhrsw", _mm_mulhrs_epi16(a, b));
    show("psignb", _mm_sign_epi8(a, b));
}
int main(void) {
    for (int round = 0; round < 4; round++) {
        uint8_t x[16], y[16];
        for (int i = 0; i < 16; i++) { x[i] = (uint8_t)lcg_next(); y[i] = (uint8_t)(round == 0 ? i * 17 : lcg_next()); }
        __m128i a = _mm_loadu_si128((const __m128i *)x), b = _mm_loadu_si128((const __m128i *)y);
        printf("round %d\n", round);
        show("paddsb", _mm_adds_epi8(a, b));
        show("psubusb", _mm_subs_epu8(a, b));
        show("pmaddwd", _mm_madd_epi16(a, b));
        show("pmulhw", _mm_mulhi_epi16(a, b));
        show("pmuludq", _mm_mul_epu32(a, b));
        show("packsswb", _mm_packs_epi16(a, b));
        show("packuswb", _mm_packus_epi16(a, b));
        show("punpcklbw", _mm_unpacklo_epi8(a, b));
        show("pshufd", _mm_shuffle_epi32(a, 0x1b));
        show("pshufhw", _mm_shufflehi_epi16(a, 0xb1));
        show("pcmpgtb", _mm_cmpgt_epi8(a, b));
        show("psadbw", _mm_sad_epu8(a, b));
        show("psrad", _mm_srai_epi32(a, 7));
        show("psllq", _mm_sll_epi64(a, _mm_cvtsi32_si128(round * 9)));
        show("pslldq", _mm_slli_si128(a, 3));
        show("pavgb", _mm_avg_epu8(a, b));
        show("pminub", _mm_min_epu8(a, b));
        printf("movemask %04x\n", _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(a, _mm_set1_epi8(3)), _mm_setzero_si128())));
        ssse3_part(a, b);
        __m128 f = _mm_set_ps(1.5f, -2.25f, (float)round, 1e-3f), g = _mm_set_ps(0.5f, 4.0f, 3.0f, -7.0f);
        float o[4];
        _mm_storeu_ps(o, _mm_add_ps(_mm_mul_ps(f, g), _mm_sqrt_ps(_mm_max_ps(f, g))));
        printf("ps %.9g %.9g %.9g %.9g\n", o[0], o[1], o[2], o[3]);
        __m128d d = _mm_set_pd(1.0 / 3.0, -1e300), e = _mm_set_pd(3.0, 1e10);
        double od[2];
        _mm_storeu_pd(od, _mm_div_pd(_mm_sub_pd(d, e), _mm_min_pd(d, e)));
        printf("pd %.17g %.17g cvt=%d,%d\n", od[0], od[1], _mm_cvtsd_si32(e), _mm_cvttsd_si32(_mm_set_sd(-2.75)));
    }
    return 0;
}
