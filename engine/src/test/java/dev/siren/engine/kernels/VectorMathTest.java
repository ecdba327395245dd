package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The fixed-order lane sum against a scalar loop doing the same adds, and the vector exp against Math.exp. */
class VectorMathTest {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /** Most ulps the vector exp may be off the exactly rounded e^x. */
    private static final double MAX_ULP = 2;

    @Test
    void sumAddsLanesInTheDocumentedOrder() {
        Random random = new Random(7);
        for (int t = 0; t < 10_000; t++) {
            float[] lanes = new float[L];
            for (int i = 0; i < L; i++) {
                // magnitudes from 1e-6 to 1e6, both signs: any other order of adds rounds differently somewhere
                lanes[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(13) - 6));
            }
            float expected = halvingSum(lanes.clone());
            float actual = VectorMath.sum(FloatVector.fromArray(F, lanes, 0));
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), "trial " + t);
        }
    }

    /** The int-only clamp (used where C2 has no float min and max) gives the bits of max-then-min. */
    @Test
    void clampInIntsMatchesMaxThenMin() {
        VectorSpecies<Float> species = Simd.FLOATS;
        float lo = -104f;
        float hi = 89f;
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f, lo, hi, Math.nextUp(lo), Math.nextDown(lo),
                Math.nextUp(hi), Math.nextDown(hi), 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xffc00001)};
        Random random = new Random(9);
        float[] x = new float[edges.length + 10_000];
        System.arraycopy(edges, 0, x, 0, edges.length);
        for (int i = edges.length; i < x.length; i++) {
            x[i] = Float.intBitsToFloat(random.nextInt());
        }
        int lanes = species.length();
        for (int i = 0; i < x.length; i += lanes) {
            float[] v = new float[lanes];
            System.arraycopy(x, i, v, 0, Math.min(lanes, x.length - i));
            float[] expected = FloatVector.fromArray(species, v, 0).max(lo).min(hi).toArray();
            float[] actual = VectorMath.clampBits(FloatVector.fromArray(species, v, 0), lo, hi).toArray();
            for (int j = 0; j < lanes; j++) {
                if (Float.isNaN(expected[j])) {
                    assertTrue(Float.isNaN(actual[j]), "clamp of " + v[j]);
                } else {
                    assertEquals(Float.floatToRawIntBits(expected[j]), Float.floatToRawIntBits(actual[j]), "clamp of " + v[j]);
                }
            }
        }
    }

    @Test
    void orderKeysOrderLikeTheFloats() {
        float[] ordered = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1f, -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE,
                1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};
        for (int i = 1; i < ordered.length; i++) {
            assertTrue(VectorMath.orderKey(ordered[i - 1]) < VectorMath.orderKey(ordered[i]), ordered[i - 1] + " < " + ordered[i]);
        }
        Random random = new Random(10);
        for (int t = 0; t < 1_000; t++) {
            int[] keys = new int[Simd.LANES];
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < keys.length; j++) {
                float v = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(13) - 6));
                keys[j] = VectorMath.orderKey(v);
                max = Math.max(max, v);
            }
            assertEquals(max, VectorMath.maxOfKeys(IntVector.fromArray(Simd.INTS, keys, 0)), "trial " + t);
        }
    }

    @Test
    void twoVectorStepsGiveTheSameSumsAsSum() {
        assumeTrue(L >= 8, "the two-vector steps are for 8 or 16 lanes; this machine has " + L);
        Random random = new Random(8);
        for (int t = 0; t < 1_000; t++) {
            FloatVector[] x = new FloatVector[8];
            for (int j = 0; j < 8; j++) {
                float[] lanes = new float[L];
                for (int i = 0; i < L; i++) {
                    lanes[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(13) - 6));
                }
                x[j] = FloatVector.fromArray(F, lanes, 0);
            }
            float[] sums = VectorMath.afterThirdStep(VectorMath.thirdStep(
                    VectorMath.secondStep(VectorMath.firstStep(x[0], x[4]), VectorMath.firstStep(x[2], x[6])),
                    VectorMath.secondStep(VectorMath.firstStep(x[1], x[5]), VectorMath.firstStep(x[3], x[7]))))
                    .toArray();
            for (int j = 0; j < 8; j++) {
                assertEquals(Float.floatToRawIntBits(VectorMath.sum(x[j])), Float.floatToRawIntBits(sums[j * L / 8]),
                        "trial " + t + ", vector " + j);
            }
        }
    }

    /** Lane i plus lane i + half, for half = L/2, L/4, ..., 1; the sum ends in lane 0. */
    private static float halvingSum(float[] lanes) {
        for (int half = lanes.length / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) {
                lanes[i] = lanes[i] + lanes[i + half];
            }
        }
        return lanes[0];
    }

    @Test
    void expIsWithinTwoUlpOfMathExp() {
        Random random = new Random(11);
        int n = 1 << 20;
        float[] x = new float[n];
        for (int i = 0; i < n / 2; i++) {
            x[i] = -104f + 193f * i / (n / 2); // an even grid over the whole finite range
        }
        for (int i = n / 2; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 4); // where softmax and SiLU spend their time
        }
        float[] y = exp(x);
        double worst = 0;
        float worstX = 0;
        for (int i = 0; i < n; i++) {
            double ulps = ulpError(x[i], y[i]);
            if (ulps > worst) {
                worst = ulps;
                worstX = x[i];
            }
        }
        System.out.printf("VectorMath.exp: max error %.3f ulp (at x = %s) over %d values%n", worst, worstX, n);
        assertTrue(worst <= MAX_ULP, "max error " + worst + " ulp at x = " + worstX);
    }

    /** Distance from the exact (double) e^x in units of the float ulp there. */
    private static double ulpError(float x, float actual) {
        double exact = Math.exp(x);
        return Math.abs(actual - exact) / Math.ulp((float) exact);
    }

    @Test
    void expEdgeCases() {
        float[] x = {0f, -0f, 1e-30f, -1e-30f, 1e-8f, -1e-8f, 1f, -1f, 0.34657359f, -0.34657359f, 10f, -10f,
                -87.33f, -87.34f, -100f, -103.2f, -103.3f, -103.97f, -104f, -150f, -1e30f, Float.NEGATIVE_INFINITY,
                88.72f, 88.73f, 89f, 100f, 1e30f, Float.POSITIVE_INFINITY, Float.NaN};
        float[] y = exp(x);
        for (int i = 0; i < x.length; i++) {
            float expected = (float) Math.exp(x[i]);
            if (Float.isNaN(expected) || Float.isInfinite(expected) || expected == 0f) {
                assertEquals(expected, y[i], "e^" + x[i]);
            } else {
                assertTrue(ulpError(x[i], y[i]) <= MAX_ULP, "e^" + x[i] + " = " + expected + ", got " + y[i]);
            }
        }
    }

    private static float[] exp(float[] x) {
        float[] padded = java.util.Arrays.copyOf(x, (x.length + L - 1) / L * L);
        float[] y = new float[padded.length];
        for (int i = 0; i < padded.length; i += L) {
            VectorMath.exp(FloatVector.fromArray(F, padded, i)).intoArray(y, i);
        }
        return java.util.Arrays.copyOf(y, x.length);
    }
}
