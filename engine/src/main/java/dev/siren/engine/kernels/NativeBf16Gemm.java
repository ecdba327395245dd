package dev.siren.engine.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The optional native GEMM for bf16 weights ({@code engine/src/main/c/siren_bf16_gemm.c}, built by
 * {@code bin/build-native-gemm.sh}), called through FFM. It multiplies with AVX512-BF16 dot products, which run at
 * twice the fp32 FMA rate and which the Vector API cannot express. The activations are rounded to bf16 before each
 * product (as PyTorch's bf16 path and the original SIREN do), so results differ from the pure-Java kernels by the
 * bound docs/engine.md states. Off unless the system property {@code siren.native.gemm} or the environment variable
 * {@code SIREN_NATIVE_GEMM} names the library; then every bf16 weight is packed for it, and a library that cannot be
 * used is an error, never a silent fallback.
 */
public final class NativeBf16Gemm {

    private static final String SETTING = "siren.native.gemm / SIREN_NATIVE_GEMM";
    private static final Configured CONFIGURED = configure();

    private final Path library;
    private final MethodHandle packedBytes;
    private final MethodHandle pack;
    private final MethodHandle gemm;

    private NativeBf16Gemm(Path library, MethodHandle packedBytes, MethodHandle pack, MethodHandle gemm) {
        this.library = library;
        this.packedBytes = packedBytes;
        this.pack = pack;
        this.gemm = gemm;
    }

    /** The library the user configured, or null where none is; throws where one is configured but unusable. */
    static NativeBf16Gemm configured() {
        if (CONFIGURED.error != null) {
            throw new NativeGemmException(CONFIGURED.error);
        }
        return CONFIGURED.gemm;
    }

    /** One line for {@code siren --version} and benchmarks. */
    public static String summary() {
        if (CONFIGURED.error != null) {
            return "native bf16 GEMM unusable: " + CONFIGURED.error;
        }
        return CONFIGURED.gemm == null ? "native bf16 GEMM off" : "native bf16 GEMM " + CONFIGURED.gemm.library;
    }

    /** Whether bf16 weights are multiplied by the native library. */
    public static boolean enabled() {
        return CONFIGURED.gemm != null;
    }

    private record Configured(NativeBf16Gemm gemm, String error) {
    }

    private static Configured configure() {
        String path = System.getProperty("siren.native.gemm", System.getenv("SIREN_NATIVE_GEMM"));
        if (path == null || path.isBlank()) {
            return new Configured(null, null);
        }
        try {
            return new Configured(load(Path.of(path.trim())), null);
        } catch (NativeGemmException e) {
            return new Configured(null, e.getMessage());
        }
    }

    /** Loads the library at {@code library}, checking that this CPU and vector width can run it. */
    static NativeBf16Gemm load(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new NativeGemmException(SETTING + " names " + library + ", which is not a file (build it with "
                    + "bin/build-native-gemm.sh)");
        }
        if (PackedWeights.PANEL != 32) {
            throw new NativeGemmException(SETTING + " is set, but the kernels run " + Simd.vectorBits() + "-bit vectors; "
                    + "the native bf16 GEMM shares the 512-bit panel layout (32 outputs)");
        }
        SymbolLookup symbols;
        try {
            symbols = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new NativeGemmException(SETTING + ": cannot load " + library + ": " + e.getMessage());
        }
        Linker linker = Linker.nativeLinker();
        Linker.Option heap = Linker.Option.critical(true); // Java arrays are passed as they are, without copies
        MethodHandle supported = linker.downcallHandle(symbol(symbols, library, "siren_bf16_supported"),
                FunctionDescriptor.of(JAVA_INT));
        int cpuSupported;
        try {
            cpuSupported = (int) supported.invokeExact();
        } catch (Throwable e) {
            throw new NativeGemmException(SETTING + ": " + library + " failed: " + e);
        }
        if (cpuSupported == 0) {
            throw new NativeGemmException(SETTING + " is set, but this CPU lacks AVX512-BF16 (or AVX-512 F/VL), "
                    + "which " + library + " needs");
        }
        return new NativeBf16Gemm(library,
                linker.downcallHandle(symbol(symbols, library, "siren_bf16_packed_bytes"),
                        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT)),
                linker.downcallHandle(symbol(symbols, library, "siren_bf16_pack"),
                        FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), heap),
                linker.downcallHandle(symbol(symbols, library, "siren_bf16_gemm"),
                        FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                                JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), heap));
    }

    private static MemorySegment symbol(SymbolLookup symbols, Path library, String name) {
        return symbols.find(name).orElseThrow(() -> new NativeGemmException(
                SETTING + ": " + library + " has no function " + name + " (not built from siren_bf16_gemm.c?)"));
    }

    /** Bytes of the packed form of a bf16 {@code [rows x cols]} weight. */
    long packedBytes(int rows, int cols) {
        try {
            return (long) packedBytes.invokeExact(rows, cols);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Panels {@code [from, to)} of {@code w} (bf16, {@code [rows x cols]}, cols even) into {@code out}. */
    void pack(WeightMatrix w, int from, int to, MemorySegment out) {
        try {
            pack.invokeExact(w.data(), w.rows(), w.cols(), from, to, out);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link PanelGemm#multiplyPanels} for weights packed by {@link #pack}, on the calling thread. */
    void multiplyPanels(float[] a, int aOff, int aStride, int m, PackedWeights w, int from, int to,
                        float[] c, int cOff, int cStride, boolean accumulate) {
        int k = w.cols();
        if (m == 0 || from >= to) {
            return;
        }
        // the native code trusts these extents, so they are checked here
        if (m < 0 || from < 0 || to > w.panels() || aOff < 0 || cOff < 0 || aStride < k || cStride < w.rows()
                || aOff + (long) (m - 1) * aStride + k > a.length || cOff + (long) (m - 1) * cStride + w.rows() > c.length) {
            throw new IllegalArgumentException("native GEMM: " + m + " rows of " + k + " inputs at " + aOff + " (stride "
                    + aStride + ") into " + w.rows() + " outputs at " + cOff + " (stride " + cStride + ") exceed the arrays");
        }
        try {
            gemm.invokeExact(MemorySegment.ofArray(a).asSlice(4L * aOff), aStride, m, k, w.data(), w.rows(), from, to,
                    MemorySegment.ofArray(c).asSlice(4L * cOff), cStride, accumulate ? 1 : 0);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
