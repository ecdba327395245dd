package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * All SIMD kernels of the engine (Vector API, at the width {@link Simd} chose). {@link ScalarKernels} holds the plain
 * reference versions that tests compare against.
 *
 * <p>Matrices are fp32 {@code float[]} with an offset and a row stride, so callers can address a head's slice of
 * a wider activation or a KV cache without copying. Results agree with the scalar versions up to summation order.
 */
public final class Kernels {

    static final VectorSpecies<Float> F = Simd.FLOATS;
    private static final VectorSpecies<Short> S = F.length() == 16 ? ShortVector.SPECIES_256
            : F.length() == 8 ? ShortVector.SPECIES_128 : ShortVector.SPECIES_64;
    private static final VectorSpecies<Integer> I = Simd.INTS;
    private static final int L = F.length();
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Kernels() {
    }

    // ---------------------------------------------------------------- matrix products

    /**
     * {@code C[m x w.rows] (+)= A[m x k] * W^T + bias}: activations times a packed nn.Linear weight, the engine's GEMM
     * (see {@link PanelGemm}); {@code bias} has one value per output and may be null. Output columns are split across
     * the threads of {@code par}.
     */
    public static void matmulTransposed(float[] a, int aOff, int aStride, int m, PackedWeights w,
                                        float[] c, int cOff, int cStride, boolean accumulate, float[] bias, Parallel par) {
        PanelGemm.multiply(a, aOff, aStride, m, w, c, cOff, cStride, accumulate, bias, par);
    }

    /**
     * The same for output panels {@code [panelFrom, panelTo)} of {@code w} only (output columns {@code PANEL panelFrom}
     * up to {@code PANEL panelTo}, {@link PackedWeights#PANEL}), on the calling thread, plus {@code bias} (one value per
     * output, added to every row; null for none): for callers that fuse several products into one parallel pass.
     */
    public static void matmulTransposedPanels(float[] a, int aOff, int aStride, int m, PackedWeights w,
                                              int panelFrom, int panelTo, float[] c, int cOff, int cStride,
                                              boolean accumulate, float[] bias) {
        PanelGemm.multiplyPanels(a, aOff, aStride, m, w, panelFrom, panelTo, c, cOff, cStride, accumulate, bias);
    }

    /**
     * The same for a weight as stored: packs it into temporary memory on every call, so only for one-off products
     * (e.g. an LM head used once). For repeated use, pack once with {@link PackedWeights#pack}.
     */
    public static void matmulTransposed(float[] a, int aOff, int aStride, int m, WeightMatrix w,
                                        float[] c, int cOff, int cStride, boolean accumulate, Parallel par) {
        try (Arena arena = Arena.ofShared()) {
            PanelGemm.multiply(a, aOff, aStride, m, PackedWeights.pack(w, arena, par), c, cOff, cStride, accumulate, null, par);
        }
    }

    /**
     * {@code C[m x n] (+)= A[m x k] * B[k x n]} with fp32 B in {@code [in x out]} layout (attention P V); one thread.
     * The register-blocked kernel is {@link Gemm#multiplyAdd(int, int, int, float[], int, int, float[], int, int, float[], int, int)}.
     */
    public static void matmul(float[] a, int aOff, int aStride, int m, int k, float[] b, int bOff, int bStride, int n,
                              float[] c, int cOff, int cStride, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * cStride, cOff + i * cStride + n, 0f);
            }
        }
        Gemm.multiplyAdd(m, n, k, a, aOff, aStride, b, bOff, bStride, c, cOff, cStride);
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
            ss = Simd.fma(v, v, ss);
        }
        float sum = VectorMath.sum(ss);
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
            silu(FloatVector.fromArray(F, gate, gOff + i)).mul(FloatVector.fromArray(F, up, uOff + i))
                    .intoArray(gate, gOff + i);
        }
        if (nv < n) {
            siluMulTail(gate, gOff + nv, up, uOff + nv, n - nv);
        }
    }

    /**
     * The last {@code n < L} values of {@link #siluMul}, through the same vector code on zero-padded copies, so
     * every value gets the same bits as in a whole vector. Not a masked vector: C2 has no code for masked loads and
     * stores on SSE (Java fallback there, a hundred times slower; NEON without SVE lacks masked memory instructions
     * too), and a second inlined exp in one method made C2 stop inlining (NodeCountInliningCutoff); compiled on its
     * own ({@link JitDirectives}).
     */
    private static void siluMulTail(float[] gate, int gOff, float[] up, int uOff, int n) {
        float[] g = new float[L];
        float[] u = new float[L];
        System.arraycopy(gate, gOff, g, 0, n);
        System.arraycopy(up, uOff, u, 0, n);
        silu(FloatVector.fromArray(F, g, 0)).mul(FloatVector.fromArray(F, u, 0)).intoArray(g, 0);
        System.arraycopy(g, 0, gate, gOff, n);
    }

    private static FloatVector silu(FloatVector g) {
        return g.div(VectorMath.exp(g.neg()).add(1f));
    }

    /** Softmax in place over n values; {@code -Infinity} entries (masked keys) become 0. */
    public static void softmax(float[] x, int off, int n) {
        float inv = 1f / expSum(x, off, n, max(x, off, n));
        scale(x, off, inv, n);
    }

    /**
     * {@link #softmax} of each of {@code rows} consecutive rows of n values, with the same bits. Each row's steps
     * (maximum, then e^ and sum, then scaling) are one chain of dependent operations, about 230 cycles for a row of 16
     * keys when rows run one after another; done step by step over all rows, the rows' chains overlap.
     *
     * @param sums scratch for {@code rows} floats
     */
    public static void softmaxRows(float[] x, int off, int rows, int n, float[] sums) {
        for (int r = 0; r < rows; r++) {
            sums[r] = max(x, off + r * n, n);
        }
        for (int r = 0; r < rows; r++) {
            sums[r] = expSum(x, off + r * n, n, sums[r]);
        }
        for (int r = 0; r < rows; r++) {
            scale(x, off + r * n, 1f / sums[r], n);
        }
    }

    /** The largest of n values. */
    private static float max(float[] x, int off, int n) {
        int nv = F.loopBound(n);
        // the maximum through order keys: C2 has no SSE code for float max (see VectorMath.clamp)
        IntVector keys = IntVector.broadcast(I, VectorMath.orderKey(Float.NEGATIVE_INFINITY));
        for (int i = 0; i < nv; i += L) {
            keys = keys.max(VectorMath.orderKey(FloatVector.fromArray(F, x, off + i).reinterpretAsInts()));
        }
        float max = VectorMath.maxOfKeys(keys);
        for (int i = nv; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        return max;
    }

    /**
     * x = e^(x - max) over n values, returning their sum (lane sums, then {@link VectorMath#sum}). Compiled on its own
     * ({@link JitDirectives}): with 128-bit SSE vectors, where every vector operation is more IR nodes, softmax as a
     * whole grew past C2's inlining budget and left exp's helpers out of line.
     */
    private static float expSum(float[] x, int off, int n, float max) {
        int nv = F.loopBound(n);
        FloatVector sv = FloatVector.zero(F);
        for (int i = 0; i < nv; i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(F, x, off + i).sub(max));
            e.intoArray(x, off + i);
            sv = sv.add(e);
        }
        if (nv < n) {
            sv = sv.add(FloatVector.fromArray(F, expTail(x, off + nv, n - nv, max), 0));
        }
        return VectorMath.sum(sv);
    }

    /**
     * e^(x - max) of softmax's last {@code n < L} values, in place, through the same vector code on a copy padded
     * with -Infinity (whose e^ is 0); returns the padded results, to be added to the lane sums. Why not a masked
     * vector: {@link #siluMulTail}.
     */
    private static float[] expTail(float[] x, int off, int n, float max) {
        float[] t = new float[L];
        Arrays.fill(t, n, L, Float.NEGATIVE_INFINITY);
        System.arraycopy(x, off, t, 0, n);
        VectorMath.exp(FloatVector.fromArray(F, t, 0).sub(max)).intoArray(t, 0);
        System.arraycopy(t, 0, x, off, n);
        return t;
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
