package dev.siren.engine.kernels;

import dev.siren.engine.Backbone;
import dev.siren.engine.Backbones;
import dev.siren.engine.Bf16;
import dev.siren.engine.Golden;
import dev.siren.engine.weights.DType;
import dev.siren.engine.weights.SafetensorsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The optional native bf16 GEMM, built from source by bin/build-native-gemm.sh: products against the Java kernel on
 * the same bf16-rounded activations, layer means of the golden decoders against Hugging Face's fp32 reference within
 * the bound docs/engine.md states, and the errors of a library that cannot be used. Where the machine cannot run it
 * (no C compiler, no AVX512-BF16) the tests that need it are reported as skipped with the reason.
 */
class NativeBf16GemmTest {

    /** Layer means of the golden decoders with bf16-rounded activations: max abs difference / max abs value. */
    static final double MODEL_BOUND = 2e-2;

    private static Path library;
    private static String buildFailure;

    @BeforeAll
    static void build() throws IOException, InterruptedException {
        Path out = Path.of("target", "native", "libsiren_bf16_gemm.so").toAbsolutePath();
        Process p = new ProcessBuilder("bash", "../bin/build-native-gemm.sh", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "build-native-gemm.sh did not finish");
        if (p.exitValue() == 0 && Files.isRegularFile(out)) {
            library = out;
        } else {
            buildFailure = "bin/build-native-gemm.sh failed (exit " + p.exitValue() + "): " + log.strip();
        }
    }

    /** The library, or the test is skipped with the reason this machine cannot run it. */
    private static NativeBf16Gemm usable() {
        if (library == null) {
            abort(buildFailure);
        }
        assumeTrue(PackedWeights.PANEL == 32, "the native GEMM needs 512-bit vectors; these kernels run "
                + Simd.vectorBits() + " bits (refusedBelow512Bits covers this case)");
        try {
            return NativeBf16Gemm.load(library);
        } catch (NativeGemmException e) {
            assertTrue(e.getMessage().contains("lacks AVX512-BF16"), e.getMessage());
            return abort(e.getMessage());
        }
    }

    @Test
    void matchesTheJavaKernelOnActivationsRoundedToBf16() {
        NativeBf16Gemm gemm = usable();
        Random random = new Random(5);
        // rows around the 8-row tile, inputs around the 32-input conversion step, outputs with partial panels; two
        // blocks of inputs (1026 + 1024) and more rows than a block of them (120); the last case with offsets and
        // strides wider than the matrices
        int[][] shapes = {{1, 2, 1}, {7, 64, 31}, {12, 300, 70}, {13, 1030, 100}, {64, 384, 96}, {130, 2050, 40},
                {25, 514, 33}};
        for (int[] shape : shapes) {
            int m = shape[0], k = shape[1], n = shape[2];
            boolean strided = k == 514;
            int aOff = strided ? 5 : 0, aStride = strided ? k + 3 : k, cOff = strided ? 7 : 0, cStride = strided ? n + 2 : n;
            float[] a = gaussian(random, aOff + m * aStride);
            float[] rounded = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                rounded[i] = Bf16.round(a[i]);
            }
            short[] bits = new short[n * k];
            float[] w = gaussian(random, n * k);
            for (int i = 0; i < bits.length; i++) {
                bits[i] = Bf16.bits(w[i]);
            }
            WeightMatrix matrix = new WeightMatrix("w", DType.BF16, n, k, MemorySegment.ofArray(bits));
            try (Arena arena = Arena.ofShared(); Parallel two = new Parallel(2)) {
                PackedWeights forNative = PackedWeights.pack(matrix, arena, two, gemm);
                PackedWeights forJava = PackedWeights.pack(matrix, arena, two, null);
                assertTrue(forNative.nativeGemm() == gemm && forJava.nativeGemm() == null);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] start = gaussian(random, cOff + m * cStride);
                    float[] c = start.clone();
                    float[] expected = start.clone();
                    float[] bias = accumulate ? null : gaussian(random, n);
                    Kernels.matmulTransposed(a, aOff, aStride, m, forNative, c, cOff, cStride, accumulate, bias, two);
                    Kernels.matmulTransposed(rounded, aOff, aStride, m, forJava, expected, cOff, cStride, accumulate, bias, two);
                    String what = m + "x" + k + "x" + n + (accumulate ? " accumulating" : " with a bias");
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double scale = accumulate ? Math.abs(start[cOff + i * cStride + j]) : Math.abs(bias[j]);
                            for (int x = 0; x < k; x++) {
                                scale += Math.abs(rounded[aOff + i * aStride + x] * Float.intBitsToFloat(bits[j * k + x] << 16));
                            }
                            int at = cOff + i * cStride + j;
                            assertEquals(expected[at], c[at], 1e-5 * scale, what + " [" + i + "][" + j + "]");
                        }
                    }
                    for (int i = 0; i < c.length; i++) { // nothing outside C's rows and columns is touched
                        boolean inside = i >= cOff && (i - cOff) / cStride < m && (i - cOff) % cStride < n;
                        if (!inside) {
                            assertEquals(start[i], c[i], what + ": element " + i + " outside C changed");
                        }
                    }
                }
            }
        }
    }

    @Test
    void goldenDecodersStayWithinTheStatedBoundOfTheReference() throws IOException, InterruptedException {
        usable();
        float[] child = ChildJvm.run(NativeBf16GemmTest.class, List.of("-Dsiren.native.gemm=" + library));
        assertEquals(1f, child[child.length - 1], "the child JVM did not use the native GEMM");
        float[] here = layerMeans(); // this JVM: the Java kernels
        float[] nativeMeans = Arrays.copyOf(child, child.length - 1);
        assertEquals(here.length, nativeMeans.length);
        assertFalse(Arrays.equals(here, nativeMeans), "native and Java layer means are identical: was it used?");
        int at = 0;
        double worst = 0;
        for (String model : List.of("qwen3-tiny", "llama32-tiny")) {
            for (String caseName : Golden.DECODER_CASES) {
                try (SafetensorsFile golden = Golden.activations(model, caseName)) {
                    int rows = Golden.validSequences(golden).size();
                    for (int layer = 0; golden.contains("siren_mean." + layer); layer++) {
                        float[] expected = golden.tensor("siren_mean." + layer).toFloatArray();
                        int d = expected.length / rows;
                        for (int b = 0; b < rows; b++) {
                            float[] ours = Arrays.copyOfRange(nativeMeans, at, at + d);
                            double err = Golden.relativeError(ours, Arrays.copyOfRange(expected, b * d, (b + 1) * d));
                            worst = Math.max(worst, err);
                            assertTrue(err <= MODEL_BOUND, model + " " + caseName + " layer " + layer + " row " + b
                                    + ": native layer mean differs from the reference by " + err);
                            at += d;
                        }
                    }
                }
            }
        }
        assertEquals(nativeMeans.length, at);
        System.out.printf("native bf16 GEMM: golden layer means within %.2e of the fp32 reference%n", worst);
    }

    /** Entry point of the child JVM: the layer means, then 1 if the native GEMM was in use. */
    public static void main(String[] args) {
        float[] means = layerMeans();
        float[] out = Arrays.copyOf(means, means.length + 1);
        out[means.length] = NativeBf16Gemm.enabled() ? 1 : 0;
        ChildJvm.print(out);
    }

    /** Every layer mean of every row of the golden decoder cases, in the order the reference files hold them. */
    private static float[] layerMeans() {
        List<float[]> parts = new ArrayList<>();
        for (String model : List.of("qwen3-tiny", "llama32-tiny")) {
            try (Backbone backbone = Backbones.open(Golden.model(model))) {
                for (String caseName : Golden.DECODER_CASES) {
                    try (SafetensorsFile golden = Golden.activations(model, caseName)) {
                        float[][][] means = backbone.layerMeans(Golden.validSequences(golden));
                        for (int layer = 0; layer < means[0].length; layer++) {
                            for (float[][] row : means) {
                                parts.add(row[layer]);
                            }
                        }
                    }
                }
            }
        }
        int total = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void refusedBelow512Bits() {
        assumeTrue(library != null, buildFailure);
        assumeTrue(PackedWeights.PANEL != 32, "the kernels run 512-bit vectors here (the other tests cover this case)");
        NativeGemmException e = assertThrows(NativeGemmException.class, () -> NativeBf16Gemm.load(library));
        assertTrue(e.getMessage().contains(Simd.vectorBits() + "-bit vectors"), e.getMessage());
    }

    @Test
    void aMissingLibraryIsNamed() {
        Path missing = Path.of("target", "no-such-library.so");
        NativeGemmException e = assertThrows(NativeGemmException.class, () -> NativeBf16Gemm.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("build-native-gemm.sh"),
                e.getMessage());
    }

    @Test
    void aLibraryWithoutTheFunctionsIsNamed() throws IOException {
        assumeTrue(PackedWeights.PANEL == 32, "checked after the vector width, which is not 512 bits here");
        Path other = Path.of(System.getProperty("java.home"), "lib", "libjava.so");
        assumeTrue(Files.isRegularFile(other), "no " + other + " to load as a wrong library");
        NativeGemmException e = assertThrows(NativeGemmException.class, () -> NativeBf16Gemm.load(other));
        assertTrue(e.getMessage().contains("siren_bf16_supported"), e.getMessage());
    }

    private static float[] gaussian(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
