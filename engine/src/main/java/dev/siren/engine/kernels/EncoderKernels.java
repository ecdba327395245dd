package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** SIMD kernels of the encoder (BERT) forward pass that decoders do not need: LayerNorm and the erf GELU. */
public final class EncoderKernels {

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int V = S.length();
    private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));

    private EncoderKernels() {
    }

    /** x[off..off+n) = (x - mean) / sqrt(var + eps) * gamma + beta, with the biased variance as torch computes it. */
    public static void layerNorm(float[] x, int off, int n, float[] gamma, float[] beta, float eps) {
        FloatVector sum = FloatVector.zero(S);
        int i = 0;
        for (; i + V <= n; i += V) {
            sum = sum.add(FloatVector.fromArray(S, x, off + i));
        }
        float total = VectorMath.sum(sum);
        for (; i < n; i++) {
            total += x[off + i];
        }
        float mean = total / n;
        // two passes (mean, then squared deviations) so large offsets do not cancel catastrophically
        FloatVector meanV = FloatVector.broadcast(S, mean);
        FloatVector squares = FloatVector.zero(S);
        i = 0;
        for (; i + V <= n; i += V) {
            FloatVector d = FloatVector.fromArray(S, x, off + i).sub(meanV);
            squares = Simd.fma(d, d, squares);
        }
        float variance = VectorMath.sum(squares);
        for (; i < n; i++) {
            float d = x[off + i] - mean;
            variance += d * d;
        }
        float scale = (float) (1.0 / Math.sqrt(variance / n + eps));
        FloatVector scaleV = FloatVector.broadcast(S, scale);
        i = 0;
        for (; i + V <= n; i += V) {
            FloatVector d = FloatVector.fromArray(S, x, off + i).sub(meanV).mul(scaleV);
            Simd.fma(d, FloatVector.fromArray(S, gamma, i), FloatVector.fromArray(S, beta, i)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] = (x[off + i] - mean) * scale * gamma[i] + beta[i];
        }
    }

    /** x = 0.5 x (1 + erf(x / sqrt 2)) on x[off..off+n): the exact GELU of BERT ("gelu", not the tanh form). */
    public static void gelu(float[] x, int off, int n) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += V) {
            geluLanes(FloatVector.fromArray(S, x, off + i)).intoArray(x, off + i);
        }
        if (nv < n) {
            geluTail(x, off + nv, n - nv);
        }
    }

    /** The last {@code n < V} values through the same vector code on a zero-padded copy (why: Kernels.siluMulTail). */
    private static void geluTail(float[] x, int off, int n) {
        float[] t = new float[V];
        System.arraycopy(x, off, t, 0, n);
        geluLanes(FloatVector.fromArray(S, t, 0)).intoArray(t, 0);
        System.arraycopy(t, 0, x, off, n);
    }

    private static FloatVector geluLanes(FloatVector v) {
        return v.mul(0.5f).mul(erf(v.mul(INV_SQRT2)).add(1f));
    }

    /**
     * erf as the rational approximation of Eigen and XLA (odd degree-13 numerator over degree-8 denominator in x,
     * argument clamped to [-4, 4] where erf is 1 to fp32 precision): max abs error about 1e-7, no exp needed.
     */
    static FloatVector erf(FloatVector v) {
        FloatVector x = VectorMath.clamp(v, -4f, 4f);
        FloatVector x2 = x.mul(x);
        FloatVector p = Simd.fma(x2, -2.72614225801306e-10f, 2.77068142495902e-08f);
        p = Simd.fma(x2, p, FloatVector.broadcast(S, -2.10102402082508e-06f));
        p = Simd.fma(x2, p, FloatVector.broadcast(S, -5.69250639462346e-05f));
        p = Simd.fma(x2, p, FloatVector.broadcast(S, -7.34990630326855e-04f));
        p = Simd.fma(x2, p, FloatVector.broadcast(S, -2.95459980854025e-03f));
        p = Simd.fma(x2, p, FloatVector.broadcast(S, -1.60960333262415e-02f));
        p = p.mul(x);
        FloatVector q = Simd.fma(x2, -1.45660718464996e-05f, -2.13374055278905e-04f);
        q = Simd.fma(x2, q, FloatVector.broadcast(S, -1.68282697438203e-03f));
        q = Simd.fma(x2, q, FloatVector.broadcast(S, -7.37332916720468e-03f));
        q = Simd.fma(x2, q, FloatVector.broadcast(S, -1.42647390514189e-02f));
        return p.div(q);
    }
}
