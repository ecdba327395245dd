package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * All SIMD kernels of the engine (Vector API; 16 fp32 lanes on AVX-512). {@link ScalarKernels} holds the plain
 * reference versions that tests compare against.
 *
 * <p>Matrices are fp32 {@code float[]} with an offset and a row stride, so callers can address a head's slice of
 * a wider activation or a KV cache without copying. Results agree with the scalar versions up to summation order.
 */
public final class Kernels {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S = F.length() == 16 ? ShortVector.SPECIES_256
            : F.length() == 8 ? ShortVector.SPECIES_128 : ShortVector.SPECIES_64;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Output columns per packed weight panel: two vectors. */
    static final int NR = 2 * 16;
    /** Rows of the broadcast register tile. */
    private static final int MR = 6;
    /** Inputs per packed panel: {@code KC x NR} fp32 = 32 KB, resident in L1 while A streams past. */
    static final int KC = 256;
    /** Below this many rows, packing a weight costs more than it saves: use dot products. */
    static final int PACK_MIN_ROWS = 8;

    private Kernels() {
    }

    // ---------------------------------------------------------------- matrix products

    /**
     * {@code C[m x w.rows] (+)= A[m x k] * W^T}: activations times a weight in nn.Linear layout. Output columns are
     * split across the threads of {@code par}. From {@link #PACK_MIN_ROWS} rows on, the weight is packed (converted
     * to fp32 and transposed) into panels of {@link #NR} columns x {@link #KC} inputs that stay in L1 while every row
     * of A streams past them through a 6 x 32 broadcast-FMA register tile. Fewer rows use dot products instead, since
     * packing would cost more than it saves.
     */
    public static void matmulTransposed(float[] a, int aOff, int aStride, int m, WeightMatrix w,
                                        float[] c, int cOff, int cStride, boolean accumulate, Parallel par) {
        int n = w.rows();
        if (m < PACK_MIN_ROWS) {
            par.forRange(n, 4, (from, to) -> dotRows(a, aOff, aStride, m, w, from, to, c, cOff, cStride, accumulate));
        } else {
            par.forRange(n, NR, (from, to) -> packedRows(a, aOff, aStride, m, w, from, to, c, cOff, cStride, accumulate));
        }
    }

    private static void dotRows(float[] a, int aOff, int aStride, int m, WeightMatrix w, int nFrom, int nTo,
                                float[] c, int cOff, int cStride, boolean accumulate) {
        int k = w.cols();
        float[] tile = Scratch.get().floats(0, 4 * k);
        for (int j = nFrom; j < nTo; j += 4) {
            int nr = Math.min(4, nTo - j);
            toFloat(w, j, nr, tile, 0);
            dotBlock(a, aOff, aStride, m, tile, 0, k, nr, k, c, cOff + j, cStride, accumulate);
        }
    }

    private static void packedRows(float[] a, int aOff, int aStride, int m, WeightMatrix w, int nFrom, int nTo,
                                   float[] c, int cOff, int cStride, boolean accumulate) {
        int k = w.cols();
        Scratch s = Scratch.get();
        float[] rows = s.floats(0, NR * KC);
        float[] panel = s.floats(1, NR * KC);
        for (int j0 = nFrom; j0 < nTo; j0 += NR) {
            int nr = Math.min(NR, nTo - j0);
            // partial panels (the last one, if n is not a multiple of 32) store through lane masks
            VectorMask<Float> mask0 = nr == NR ? null : F.indexInRange(0, nr);
            VectorMask<Float> mask1 = nr == NR ? null : F.indexInRange(L, nr);
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0);
                pack(w, j0, nr, k0, kc, rows, panel);
                boolean add = accumulate || k0 > 0;
                int i = 0;
                for (; i + MR <= m; i += MR) {
                    outer6x32(a, aOff + i * aStride + k0, aStride, panel, kc, c, cOff + i * cStride + j0, cStride, add, mask0, mask1);
                }
                for (; i < m; i++) {
                    outer1x32(a, aOff + i * aStride + k0, panel, kc, c, cOff + i * cStride + j0, add, mask0, mask1);
                }
            }
        }
    }

    /**
     * Packs weight rows {@code [j0, j0 + nr)}, inputs {@code [k0, k0 + kc)} as fp32 {@code panel[x * NR + j]}: rows are
     * converted into {@code rows[j * kc + x]} first, then each input's 32 weights are gathered into one panel line.
     */
    private static void pack(WeightMatrix w, int j0, int nr, int k0, int kc, float[] rows, float[] panel) {
        for (int j = 0; j < NR; j++) {
            if (j < nr) {
                toFloat(w, j0 + j, k0, kc, rows, j * kc);
            } else {
                java.util.Arrays.fill(rows, j * kc, (j + 1) * kc, 0f);
            }
        }
        int[] index = Scratch.get().gatherIndex(kc);
        for (int x = 0; x < kc; x++) {
            FloatVector.fromArray(F, rows, x, index, 0).intoArray(panel, x * NR);
            FloatVector.fromArray(F, rows, x + L * kc, index, 0).intoArray(panel, x * NR + L);
        }
    }

    /** C rows i..i+5, 32 columns: per input x, two panel vectors times six broadcast A values. */
    private static void outer6x32(float[] a, int a0, int as, float[] p, int kc, float[] c, int c0, int cs, boolean add,
                                  VectorMask<Float> mask0, VectorMask<Float> mask1) {
        FloatVector s00 = FloatVector.zero(F), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
        FloatVector s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
        for (int x = 0; x < kc; x++) {
            FloatVector w0 = FloatVector.fromArray(F, p, x * NR);
            FloatVector w1 = FloatVector.fromArray(F, p, x * NR + L);
            FloatVector v = FloatVector.broadcast(F, a[a0 + x]);
            s00 = v.fma(w0, s00); s01 = v.fma(w1, s01);
            v = FloatVector.broadcast(F, a[a0 + as + x]);
            s10 = v.fma(w0, s10); s11 = v.fma(w1, s11);
            v = FloatVector.broadcast(F, a[a0 + 2 * as + x]);
            s20 = v.fma(w0, s20); s21 = v.fma(w1, s21);
            v = FloatVector.broadcast(F, a[a0 + 3 * as + x]);
            s30 = v.fma(w0, s30); s31 = v.fma(w1, s31);
            v = FloatVector.broadcast(F, a[a0 + 4 * as + x]);
            s40 = v.fma(w0, s40); s41 = v.fma(w1, s41);
            v = FloatVector.broadcast(F, a[a0 + 5 * as + x]);
            s50 = v.fma(w0, s50); s51 = v.fma(w1, s51);
        }
        storePanelRow(c, c0, s00, s01, add, mask0, mask1);
        storePanelRow(c, c0 + cs, s10, s11, add, mask0, mask1);
        storePanelRow(c, c0 + 2 * cs, s20, s21, add, mask0, mask1);
        storePanelRow(c, c0 + 3 * cs, s30, s31, add, mask0, mask1);
        storePanelRow(c, c0 + 4 * cs, s40, s41, add, mask0, mask1);
        storePanelRow(c, c0 + 5 * cs, s50, s51, add, mask0, mask1);
    }

    /** One row of C against a panel; the same per-element summation order as {@link #outer6x32}. */
    private static void outer1x32(float[] a, int a0, float[] p, int kc, float[] c, int c0, boolean add,
                                  VectorMask<Float> mask0, VectorMask<Float> mask1) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0;
        for (int x = 0; x < kc; x++) {
            FloatVector v = FloatVector.broadcast(F, a[a0 + x]);
            s0 = v.fma(FloatVector.fromArray(F, p, x * NR), s0);
            s1 = v.fma(FloatVector.fromArray(F, p, x * NR + L), s1);
        }
        storePanelRow(c, c0, s0, s1, add, mask0, mask1);
    }

    private static void storePanelRow(float[] c, int ci, FloatVector s0, FloatVector s1, boolean add,
                                      VectorMask<Float> mask0, VectorMask<Float> mask1) {
        if (mask0 == null) {
            if (add) {
                s0 = FloatVector.fromArray(F, c, ci).add(s0);
                s1 = FloatVector.fromArray(F, c, ci + L).add(s1);
            }
            s0.intoArray(c, ci);
            s1.intoArray(c, ci + L);
            return;
        }
        if (add) {
            s0 = FloatVector.fromArray(F, c, ci, mask0).add(s0);
            s1 = FloatVector.fromArray(F, c, ci + L, mask1).add(s1);
        }
        s0.intoArray(c, ci, mask0);
        s1.intoArray(c, ci + L, mask1);
    }

    /** {@code C[m x n] (+)= A[m x k] * B^T} with fp32 B {@code [n x k]} (e.g. attention scores Q K^T); one thread. */
    public static void matmulTransposed(float[] a, int aOff, int aStride, int m, float[] b, int bOff, int bStride, int n,
                                        int k, float[] c, int cOff, int cStride, boolean accumulate) {
        for (int j = 0; j < n; j += 4) {
            dotBlock(a, aOff, aStride, m, b, bOff + j * bStride, bStride, Math.min(4, n - j), k,
                    c, cOff + j, cStride, accumulate);
        }
    }

    /** All m rows of A against {@code nr <= 4} rows of B. */
    private static void dotBlock(float[] a, int aOff, int aStride, int m, float[] b, int bOff, int bStride, int nr, int k,
                                 float[] c, int cOff, int cStride, boolean accumulate) {
        int i = 0;
        if (nr == 4) {
            for (; i + 4 <= m; i += 4) {
                dot4x4(a, aOff + i * aStride, aStride, b, bOff, bStride, k, c, cOff + i * cStride, cStride, accumulate);
            }
        }
        for (; i < m; i++) {
            for (int r = 0; r < nr; r++) {
                float v = dot(a, aOff + i * aStride, b, bOff + r * bStride, k);
                int ci = cOff + i * cStride + r;
                c[ci] = accumulate ? c[ci] + v : v;
            }
        }
    }

    /**
     * The register tile: 4 rows of A times 4 rows of B, 16 vector accumulators. Each output is summed in the same
     * order as {@link #dot}, so a token's result does not depend on which tile it fell into.
     */
    private static void dot4x4(float[] a, int a0, int as, float[] b, int b0, int bs, int k,
                               float[] c, int c0, int cs, boolean accumulate) {
        FloatVector s00 = FloatVector.zero(F), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int kv = F.loopBound(k);
        for (int x = 0; x < kv; x += L) {
            FloatVector w0 = FloatVector.fromArray(F, b, b0 + x);
            FloatVector w1 = FloatVector.fromArray(F, b, b0 + bs + x);
            FloatVector w2 = FloatVector.fromArray(F, b, b0 + 2 * bs + x);
            FloatVector w3 = FloatVector.fromArray(F, b, b0 + 3 * bs + x);
            FloatVector v = FloatVector.fromArray(F, a, a0 + x);
            s00 = v.fma(w0, s00); s01 = v.fma(w1, s01); s02 = v.fma(w2, s02); s03 = v.fma(w3, s03);
            v = FloatVector.fromArray(F, a, a0 + as + x);
            s10 = v.fma(w0, s10); s11 = v.fma(w1, s11); s12 = v.fma(w2, s12); s13 = v.fma(w3, s13);
            v = FloatVector.fromArray(F, a, a0 + 2 * as + x);
            s20 = v.fma(w0, s20); s21 = v.fma(w1, s21); s22 = v.fma(w2, s22); s23 = v.fma(w3, s23);
            v = FloatVector.fromArray(F, a, a0 + 3 * as + x);
            s30 = v.fma(w0, s30); s31 = v.fma(w1, s31); s32 = v.fma(w2, s32); s33 = v.fma(w3, s33);
        }
        store(c, c0, s00, s01, s02, s03, a, a0, b, b0, bs, kv, k, accumulate);
        store(c, c0 + cs, s10, s11, s12, s13, a, a0 + as, b, b0, bs, kv, k, accumulate);
        store(c, c0 + 2 * cs, s20, s21, s22, s23, a, a0 + 2 * as, b, b0, bs, kv, k, accumulate);
        store(c, c0 + 3 * cs, s30, s31, s32, s33, a, a0 + 3 * as, b, b0, bs, kv, k, accumulate);
    }

    private static void store(float[] c, int ci, FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3,
                              float[] a, int ai, float[] b, int b0, int bs, int kv, int k, boolean accumulate) {
        float v0 = s0.reduceLanes(VectorOperators.ADD) + tail(a, ai, b, b0, kv, k);
        float v1 = s1.reduceLanes(VectorOperators.ADD) + tail(a, ai, b, b0 + bs, kv, k);
        float v2 = s2.reduceLanes(VectorOperators.ADD) + tail(a, ai, b, b0 + 2 * bs, kv, k);
        float v3 = s3.reduceLanes(VectorOperators.ADD) + tail(a, ai, b, b0 + 3 * bs, kv, k);
        if (accumulate) {
            c[ci] += v0; c[ci + 1] += v1; c[ci + 2] += v2; c[ci + 3] += v3;
        } else {
            c[ci] = v0; c[ci + 1] = v1; c[ci + 2] = v2; c[ci + 3] = v3;
        }
    }

    /** Dot product of two fp32 rows of length k. */
    public static float dot(float[] a, int ai, float[] b, int bi, int k) {
        FloatVector s = FloatVector.zero(F);
        int kv = F.loopBound(k);
        for (int x = 0; x < kv; x += L) {
            s = FloatVector.fromArray(F, a, ai + x).fma(FloatVector.fromArray(F, b, bi + x), s);
        }
        return s.reduceLanes(VectorOperators.ADD) + tail(a, ai, b, bi, kv, k);
    }

    private static float tail(float[] a, int ai, float[] b, int bi, int from, int k) {
        float s = 0;
        for (int x = from; x < k; x++) {
            s += a[ai + x] * b[bi + x];
        }
        return s;
    }

    /**
     * {@code C[m x n] (+)= A[m x k] * B[k x n]} with fp32 B in {@code [in x out]} layout (attention P V); one thread.
     * The register-blocked kernel is {@link Gemm#multiplyAdd(int, int, int, float[], int, int, float[], int, int, float[], int, int)}.
     */
    public static void matmul(float[] a, int aOff, int aStride, int m, int k, float[] b, int bOff, int bStride, int n,
                              float[] c, int cOff, int cStride, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * cStride, cOff + i * cStride + n, 0f);
            }
        }
        Gemm.multiplyAdd(m, n, k, a, aOff, aStride, b, bOff, bStride, c, cOff, cStride);
    }

    /** Converts {@code count} weights of one row starting at column {@code col0} to fp32 at {@code dst[dstOff..]}. */
    public static void toFloat(WeightMatrix w, int row, int col0, int count, float[] dst, int dstOff) {
        convert(w, ((long) row * w.cols() + col0), count, dst, dstOff);
    }

    /** Converts rows {@code [row0, row0 + n)} of a weight matrix to fp32 at {@code dst[dstOff..]}, row stride {@code w.cols()}. */
    public static void toFloat(WeightMatrix w, int row0, int n, float[] dst, int dstOff) {
        convert(w, (long) row0 * w.cols(), n * w.cols(), dst, dstOff);
    }

    /** Converts {@code count} consecutive elements of a weight matrix, from flat index {@code first}, to fp32. */
    private static void convert(WeightMatrix w, long first, int count, float[] dst, int dstOff) {
        MemorySegment seg = w.data();
        switch (w.dtype()) {
            case F32 -> MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                    first * 4, dst, dstOff, count);
            case BF16 -> {
                long base = first * 2;
                int cv = count / L * L;
                for (int x = 0; x < cv; x += L) {
                    ShortVector s = ShortVector.fromMemorySegment(S, seg, base + 2L * x, ByteOrder.LITTLE_ENDIAN);
                    ((IntVector) s.convertShape(VectorOperators.S2I, I, 0))
                            .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOff + x);
                }
                for (int x = cv; x < count; x++) {
                    dst[dstOff + x] = Float.intBitsToFloat((seg.get(I16, base + 2L * x) & 0xFFFF) << 16);
                }
            }
            case F16 -> {
                long base = first * 2;
                for (int x = 0; x < count; x++) {
                    dst[dstOff + x] = Float.float16ToFloat(seg.get(I16, base + 2L * x));
                }
            }
            default -> throw new IllegalStateException("not a float matrix: " + w.dtype());
        }
    }

    // ---------------------------------------------------------------- element-wise

    /** {@code out = x / rms(x) * weight}, rms in fp32 over n values (Hugging Face RMSNorm). */
    public static void rmsNorm(float[] x, int xOff, float[] weight, float eps, float[] out, int outOff, int n) {
        int nv = F.loopBound(n);
        FloatVector ss = FloatVector.zero(F);
        for (int i = 0; i < nv; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            ss = v.fma(v, ss);
        }
        float sum = ss.reduceLanes(VectorOperators.ADD);
        for (int i = nv; i < n; i++) {
            sum += x[xOff + i] * x[xOff + i];
        }
        float scale = (float) (1.0 / Math.sqrt(sum / n + eps));
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(scale).mul(FloatVector.fromArray(F, weight, i)).intoArray(out, outOff + i);
        }
        for (int i = nv; i < n; i++) {
            out[outOff + i] = weight[i] * (x[xOff + i] * scale);
        }
    }

    /**
     * Rotates one head in place, Hugging Face "rotate_half" layout: pairs are (i, i + d/2),
     * {@code cos}/{@code sin} hold d/2 values for this position starting at {@code csOff}.
     */
    public static void rope(float[] x, int off, float[] cos, float[] sin, int csOff, int headDim) {
        int half = headDim / 2;
        int hv = F.loopBound(half);
        for (int i = 0; i < hv; i += L) {
            FloatVector x1 = FloatVector.fromArray(F, x, off + i);
            FloatVector x2 = FloatVector.fromArray(F, x, off + half + i);
            FloatVector c = FloatVector.fromArray(F, cos, csOff + i);
            FloatVector s = FloatVector.fromArray(F, sin, csOff + i);
            x1.mul(c).sub(x2.mul(s)).intoArray(x, off + i);
            x2.mul(c).add(x1.mul(s)).intoArray(x, off + half + i);
        }
        for (int i = hv; i < half; i++) {
            float x1 = x[off + i];
            float x2 = x[off + half + i];
            x[off + i] = x1 * cos[csOff + i] - x2 * sin[csOff + i];
            x[off + half + i] = x2 * cos[csOff + i] + x1 * sin[csOff + i];
        }
    }

    /** {@code gate = silu(gate) * up} over n values (SwiGLU). */
    public static void siluMul(float[] gate, int gOff, float[] up, int uOff, int n) {
        int nv = F.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector g = FloatVector.fromArray(F, gate, gOff + i);
            FloatVector silu = g.div(g.neg().lanewise(VectorOperators.EXP).add(1f));
            silu.mul(FloatVector.fromArray(F, up, uOff + i)).intoArray(gate, gOff + i);
        }
        for (int i = nv; i < n; i++) {
            float g = gate[gOff + i];
            gate[gOff + i] = g / (1f + (float) Math.exp(-g)) * up[uOff + i];
        }
    }

    /** Softmax in place over n values; {@code -Infinity} entries (masked keys) become 0. */
    public static void softmax(float[] x, int off, int n) {
        int nv = F.loopBound(n);
        FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < nv; i += L) {
            mv = mv.max(FloatVector.fromArray(F, x, off + i));
        }
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (int i = nv; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        FloatVector sv = FloatVector.zero(F);
        for (int i = 0; i < nv; i += L) {
            FloatVector e = FloatVector.fromArray(F, x, off + i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(x, off + i);
            sv = sv.add(e);
        }
        float sum = sv.reduceLanes(VectorOperators.ADD);
        for (int i = nv; i < n; i++) {
            x[off + i] = (float) Math.exp(x[off + i] - max);
            sum += x[off + i];
        }
        float inv = 1f / sum;
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(F, x, off + i).mul(inv).intoArray(x, off + i);
        }
        for (int i = nv; i < n; i++) {
            x[off + i] *= inv;
        }
    }

    /** {@code x[xOff..] += y[yOff..]} over n values (residual adds, biases). */
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
        int nv = F.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(F, x, xOff + i).add(FloatVector.fromArray(F, y, yOff + i)).intoArray(x, xOff + i);
        }
        for (int i = nv; i < n; i++) {
            x[xOff + i] += y[yOff + i];
        }
    }

    /** {@code x[xOff..] *= s} over n values. */
    public static void scale(float[] x, int xOff, float s, int n) {
        int nv = F.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(s).intoArray(x, xOff + i);
        }
        for (int i = nv; i < n; i++) {
            x[xOff + i] *= s;
        }
    }
}
