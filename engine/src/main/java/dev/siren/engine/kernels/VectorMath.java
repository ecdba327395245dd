package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane sum and exp for the SIMD kernels, built only from exactly rounded element-wise operations and lane moves, so
 * that a kernel gives the same bits whether it runs interpreted, in C1 or in C2.
 *
 * <p>The Vector API's own {@code reduceLanes(ADD)} and {@code lanewise(EXP)} do not: the Java fallback of the
 * reduction adds lanes one after another while the C2 intrinsic adds them as a tree, and the EXP intrinsic is a
 * vector math library routine while its fallback calls {@link Math#exp} per lane. The same computation run twice in
 * one JVM then differed once C2 had compiled it.
 */
final class VectorMath {

    private static final VectorSpecies<Float> F = Simd.FLOATS;
    private static final VectorSpecies<Integer> I = Simd.INTS;
    private static final int L = F.length();
    private static final int INFINITY_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);
    /** Lane i takes lane i xor s, for s = 8, 4, 2, 1: the pairings of {@link #sum}'s steps (constants for C2). */
    private static final VectorShuffle<Float> XOR_8 = xor(8);
    private static final VectorShuffle<Float> XOR_4 = xor(4);
    private static final VectorShuffle<Float> XOR_2 = xor(2);
    private static final VectorShuffle<Float> XOR_1 = xor(1);
    /** Pairings and second-operand lanes (those with the pairing bit set) of the two-vector steps below. */
    private static final VectorShuffle<Float> FIRST_XOR = xor(L / 2);
    private static final VectorShuffle<Float> SECOND_XOR = xor(L / 4);
    private static final VectorShuffle<Float> THIRD_XOR = xor(Math.max(1, L / 8));
    private static final VectorMask<Float> FIRST_BIT = bit(L / 2);
    private static final VectorMask<Float> SECOND_BIT = bit(L / 4);
    private static final VectorMask<Float> THIRD_BIT = bit(Math.max(1, L / 8));

    private static final float LOG2_E = 1.44269504f;
    /** ln 2 as a sum of two floats (Cody and Waite), so that x - n ln 2 keeps the bits that cancel. */
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    /** Below this e^x is under half the smallest subnormal (0), above it e^x overflows (infinity). */
    private static final float EXP_MIN = -104f;
    private static final float EXP_MAX = 89f;

    static {
        if (L > 16) {
            throw new IllegalStateException("SIMD vectors of " + L + " floats are not supported (at most 16)");
        }
    }

    private VectorMath() {
    }

    /**
     * The sum of the lanes of {@code v} in a fixed order: lane {@code i + L/2} is added to lane {@code i} for
     * {@code i < L/2}, then the same on the lower half, down to one lane (a pairwise tree, as accurate as the
     * intrinsic reduction).
     */
    static float sum(FloatVector v) {
        // L is a constant, so C2 drops the steps that do not apply
        if (L > 8) {
            v = v.add(v.rearrange(XOR_8));
        }
        if (L > 4) {
            v = v.add(v.rearrange(XOR_4));
        }
        if (L > 2) {
            v = v.add(v.rearrange(XOR_2));
        }
        return v.add(v.rearrange(XOR_1)).lane(0);
    }

    // The steps of sum's tree on two vectors at once, for kernels that reduce many vectors (DenseLayerKernels): a
    // step with pairing distance s leaves x[i] + x[i ^ s] in the lanes i without bit s and y[i] + y[i ^ s] in the
    // others, one cross-lane move for two vectors. These are sums that sum(x) and sum(y) form at that step (addition
    // commutes), so the final lane sums are bit-identical. They are small on purpose: C2 always inlines methods under
    // 35 bytes, and a vector passed to a call it does not inline is boxed on the heap.

    /** The first step of {@link #sum} (pairing distance L/2) on two vectors at once. */
    static FloatVector firstStep(FloatVector x, FloatVector y) {
        return merge(x, y, FIRST_BIT, FIRST_XOR);
    }

    /** The second step of {@link #sum} (pairing distance L/4) on two vectors at once. */
    static FloatVector secondStep(FloatVector x, FloatVector y) {
        return merge(x, y, SECOND_BIT, SECOND_XOR);
    }

    /** The third step of {@link #sum} (pairing distance L/8, so L >= 8) on two vectors at once. */
    static FloatVector thirdStep(FloatVector x, FloatVector y) {
        return merge(x, y, THIRD_BIT, THIRD_XOR);
    }

    /**
     * The steps of {@link #sum} after the third, on the vector {@code thirdStep(secondStep(firstStep(x0, x4),
     * firstStep(x2, x6)), secondStep(firstStep(x1, x5), firstStep(x3, x7)))} that holds L/8 partial sums of each
     * x_j: the result has {@code sum(x_j)} in lane {@code j L / 8}.
     */
    static FloatVector afterThirdStep(FloatVector v) {
        return L == 16 ? v.add(v.rearrange(XOR_1)) : v;
    }

    private static FloatVector merge(FloatVector x, FloatVector y, VectorMask<Float> bit, VectorShuffle<Float> xor) {
        return x.blend(y, bit).add(y.blend(x, bit).rearrange(xor));
    }

    // Limits and maxima of floats also through their bits as ints: C2 has no SSE code for the Vector API's float min,
    // max and max reduction, nor for compares and masks of floats (they need AVX), so with 128-bit vectors on x86
    // (-XX:UseAVX=0) those ran as Java fallback code and boxed every vector of the kernel around them (exp in SiLU
    // and softmax, erf in GELU). Int min and max compile everywhere (SSE4.1, AVX, NEON, SVE).

    /** x limited to [lo, hi] for lo < 0 < hi, as {@code x.max(lo).min(hi)} (NaN stays NaN). */
    static FloatVector clamp(FloatVector x, float lo, float hi) {
        return Simd.FLOAT_MIN_MAX ? x.max(lo).min(hi) : clampBits(x, lo, hi);
    }

    /**
     * {@link #clamp} in ints. As ints, the bits of positive floats order like their values and those of negative
     * floats like their magnitudes, so a signed int min with hi's bits limits a positive lane and one with lo's bits
     * a negative lane.
     */
    static FloatVector clampBits(FloatVector x, float lo, float hi) {
        IntVector bits = x.reinterpretAsInts();
        int hiBits = Float.floatToRawIntBits(hi);
        IntVector limit = bits.lanewise(VectorOperators.ASHR, 31)
                .and(hiBits ^ Float.floatToRawIntBits(lo)).lanewise(VectorOperators.XOR, hiBits);
        return bits.min(limit).or(nanLanes(bits)).reinterpretAsFloats();
    }

    /** All ones in the lanes of {@code bits} that hold a NaN (magnitude bits above infinity's), else 0. */
    private static IntVector nanLanes(IntVector bits) {
        return IntVector.broadcast(I, INFINITY_BITS).sub(bits.and(Integer.MAX_VALUE)).lanewise(VectorOperators.ASHR, 31);
    }

    /**
     * An int key per lane that orders like the floats (-0 below +0, NaN with the sign bit clear above +infinity):
     * negative floats' magnitude bits flipped. Its own inverse.
     */
    static IntVector orderKey(IntVector bits) {
        return bits.lanewise(VectorOperators.XOR, bits.lanewise(VectorOperators.ASHR, 31).and(Integer.MAX_VALUE));
    }

    /** {@link #orderKey} of one float. */
    static int orderKey(float x) {
        return orderKeyOfBits(Float.floatToRawIntBits(x));
    }

    /** The largest of the floats whose {@link #orderKey}s are the lanes of {@code keys}. */
    static float maxOfKeys(IntVector keys) {
        return Float.intBitsToFloat(orderKeyOfBits(keys.reduceLanes(VectorOperators.MAX)));
    }

    /** {@link #orderKey} of one lane's bits (and back: its own inverse). */
    private static int orderKeyOfBits(int bits) {
        return bits ^ (bits >> 31 & Integer.MAX_VALUE);
    }

    /**
     * e^x per lane, within 2 ulp of {@link Math#exp} (see VectorMathTest for the measured error): 0 for x below
     * about -104, infinity above about 88.7, NaN for NaN.
     *
     * <p>x = n ln2 + r with integer n and |r| <= ln2/2; e^r by Cephes' degree-6 polynomial for expf; the result is
     * scaled by 2^n through the exponent bits, in two steps so that subnormal results are rounded once.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = clamp(x, EXP_MIN, EXP_MAX);
        FloatVector shifted = Simd.fma(xc, LOG2_E, ROUNDER); // ROUNDER + round(x log2 e): n in the low mantissa bits
        FloatVector n = shifted.sub(ROUNDER);
        FloatVector r = Simd.fma(n, FloatVector.broadcast(F, -LN2_LO), Simd.fma(n, FloatVector.broadcast(F, -LN2_HI), xc));
        FloatVector p = Simd.fma(r, 1.9875691500e-4f, 1.3981999507e-3f);
        p = Simd.fma(p, r, FloatVector.broadcast(F, 8.3334519073e-3f));
        p = Simd.fma(p, r, FloatVector.broadcast(F, 4.1665795894e-2f));
        p = Simd.fma(p, r, FloatVector.broadcast(F, 1.6666665459e-1f));
        p = Simd.fma(p, r, FloatVector.broadcast(F, 5.0000001201e-1f));
        FloatVector er = Simd.fma(p, r.mul(r), r).add(1f);
        IntVector ni = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER));
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        // 2^n1 and 2^n2 built in the exponent field, written out: a call here, at the end of a long inlined method,
        // is the first one C2 refuses once the compilation passes its node budget (NodeCountInliningCutoff)
        FloatVector scale1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scale2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(scale1).mul(scale2);
    }

    private static VectorShuffle<Float> xor(int s) {
        return VectorShuffle.fromOp(F, i -> (i ^ s) % L);
    }

    private static VectorMask<Float> bit(int s) {
        boolean[] set = new boolean[L];
        for (int i = 0; i < L; i++) {
            set[i] = (i & s) != 0;
        }
        return VectorMask.fromArray(F, set, 0);
    }
}
