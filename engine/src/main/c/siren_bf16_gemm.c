/*
 * C (+)= A * W^T with bf16 weights and AVX512-BF16 dot products (vdpbf16ps), which the Vector API cannot express:
 * twice the fp32 FMA rate. Optional: the engine calls it through FFM (NativeBf16Gemm) only when the library, built by
 * bin/build-native-gemm.sh, is named in SIREN_NATIVE_GEMM; docs/engine.md, "Native bf16 GEMM".
 *
 * Layout: W [n x k] bf16 (nn.Linear) is packed per panel of 32 outputs; one line holds, for an input pair
 * (2q, 2q+1), the two weights of outputs 0..15 (64 bytes) then of outputs 16..31, so one vdpbf16ps multiplies a
 * broadcast pair of activations into 16 outputs. A is rounded to bf16 (round to nearest even) on the calling
 * thread: this is where the result departs from the fp32-activation kernels, as PyTorch's bf16 path does.
 * k must be even.
 */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define NR 32
#define MR 8
/*
 * Most inputs per block: every block reads and writes all of C once more, which for a 1024 x 1024 x 3072 product
 * cost 20 % in blocks of 256 (C is 12 MB, far past L2). The same rule as the Java kernels' (PanelGemm).
 */
#define MAX_KC 2048
#define A_BLOCK (128 * 1024) /* bf16 values of A per block (256 KB), kept in L2 while the panels pass over it */

/* Bytes of the packed form of an n x k matrix. */
long siren_bf16_packed_bytes(int n, int k) {
    long panels = (n + NR - 1) / NR;
    return panels * (long) k * NR * 2;
}

/* Whether this CPU has the instructions the library was compiled for (AVX-512 F/VL and BF16). */
int siren_bf16_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512bf16");
}

/*
 * Panels [from, to) of w (n x k bf16 bits, row-major) into out, which holds siren_bf16_packed_bytes(n, k) bytes,
 * 64-byte aligned; outputs past n are zero.
 */
void siren_bf16_pack(const uint16_t *w, int n, int k, int from, int to, uint16_t *out) {
    for (int p = from; p < to; p++) {
        uint16_t *panel = out + (long) p * k * NR;
        for (int q = 0; q < k / 2; q++) {
            uint16_t *line = panel + (long) q * 2 * NR;
            for (int j = 0; j < NR; j++) {
                int row = p * NR + j;
                int half = j / 16, lane = j % 16;
                uint16_t *dst = line + half * 32 + lane * 2;
                dst[0] = row < n ? w[(long) row * k + 2 * q] : 0;
                dst[1] = row < n ? w[(long) row * k + 2 * q + 1] : 0;
            }
        }
    }
}

static void to_bf16(const float *a, int lda, int m, int k, uint16_t *out) {
    for (int i = 0; i < m; i++) {
        const float *src = a + (long) i * lda;
        uint16_t *dst = out + (long) i * k;
        int x = 0;
        for (; x + 32 <= k; x += 32) {
            __m512bh v = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(src + x + 16), _mm512_loadu_ps(src + x));
            _mm512_storeu_si512(dst + x, (__m512i) v);
        }
        for (; x < k; x++) {
            __m128bh one = _mm_cvtneps_pbh(_mm_set1_ps(src[x]));
            memcpy(dst + x, &one, 2);
        }
    }
}

/*
 * rows (<= MR) x 32 outputs over pairs [0, pairs) of one panel block. The dot products always run over MR rows of a
 * (a fixed count, so the compiler keeps the 16 accumulators in registers); a has room for them, and only the first
 * rows are stored.
 */
static inline void tile(const uint16_t *a, int k, int rows, const uint16_t *line, int pairs,
                        float *c, int ldc, int add, int nr) {
    __m512 acc[MR][2];
    for (int r = 0; r < MR; r++) { acc[r][0] = _mm512_setzero_ps(); acc[r][1] = _mm512_setzero_ps(); }
    for (int q = 0; q < pairs; q++) {
        __m512bh w0 = (__m512bh) _mm512_load_si512(line + q * 64);
        __m512bh w1 = (__m512bh) _mm512_load_si512(line + q * 64 + 32);
#pragma GCC unroll 8
        for (int r = 0; r < MR; r++) {
            int32_t pair;
            memcpy(&pair, a + (long) r * k + 2 * q, 4);
            __m512bh b = (__m512bh) _mm512_set1_epi32(pair);
            acc[r][0] = _mm512_dpbf16_ps(acc[r][0], b, w0);
            acc[r][1] = _mm512_dpbf16_ps(acc[r][1], b, w1);
        }
    }
    for (int r = 0; r < rows; r++) {
        float *out = c + (long) r * ldc;
        if (nr == NR) {
            if (add) {
                acc[r][0] = _mm512_add_ps(acc[r][0], _mm512_loadu_ps(out));
                acc[r][1] = _mm512_add_ps(acc[r][1], _mm512_loadu_ps(out + 16));
            }
            _mm512_storeu_ps(out, acc[r][0]);
            _mm512_storeu_ps(out + 16, acc[r][1]);
        } else {
            float tmp[NR];
            _mm512_storeu_ps(tmp, acc[r][0]);
            _mm512_storeu_ps(tmp + 16, acc[r][1]);
            for (int j = 0; j < nr; j++) out[j] = add ? out[j] + tmp[j] : tmp[j];
        }
    }
}

/*
 * Output panels [from, to) of C (m x n, row stride ldc) = A (m x k, fp32, row stride lda) * W^T (+ C if
 * accumulate), on the calling thread. A is rounded to bf16 one block of rows x inputs at a time, into a buffer of
 * the thread's own.
 */
void siren_bf16_gemm(const float *a, int lda, int m, int k, const uint16_t *w, int n, int from, int to,
                     float *c, int ldc, int accumulate) {
    static _Thread_local uint16_t block[A_BLOCK];
    int blocks = (k + MAX_KC - 1) / MAX_KC;
    int kb = ((k + blocks - 1) / blocks + 1) & ~1; /* equal blocks, of whole pairs */
    int mb = A_BLOCK / kb / MR * MR;                /* whole tiles, so every tile reads inside the block */
    for (int k0 = 0; k0 < k; k0 += kb) {
        int kc = k - k0 < kb ? k - k0 : kb;
        int add = accumulate || k0 > 0;
        for (int m0 = 0; m0 < m; m0 += mb) {
            int rows = m - m0 < mb ? m - m0 : mb;
            to_bf16(a + (long) m0 * lda + k0, lda, rows, kc, block);
            for (int p = from; p < to; p++) {
                const uint16_t *line = w + (long) p * k * NR + (long) k0 * NR;
                int nr = n - p * NR < NR ? n - p * NR : NR;
                for (int i = 0; i < rows; i += MR) {
                    int r = rows - i < MR ? rows - i : MR;
                    tile(block + (long) i * kc, kc, r, line, kc / 2, c + (long) (m0 + i) * ldc + p * NR, ldc, add, nr);
                }
            }
        }
    }
}
