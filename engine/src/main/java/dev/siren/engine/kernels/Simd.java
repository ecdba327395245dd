package dev.siren.engine.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The vector shape every kernel uses, chosen once per JVM: the widest the JVM compiles to (512 bits with AVX-512, 256
 * with AVX2, 128 with SSE or NEON), or a narrower one forced with the system property {@code siren.vector.bits} or
 * the environment variable {@code SIREN_VECTOR_BITS} (128, 256 or 512; for tests and diagnosis). Kernels derive
 * their panel widths and register tiles from {@link #LANES} and {@link #REGISTERS}.
 *
 * <p>Where the JVM has no FMA instruction (x86 without AVX), {@link #fma} is a multiply then an add: the Vector API's
 * own fma would fall back to {@link Math#fma} per lane, which is a hundred times slower. The product is then rounded
 * once more, a relative error of at most 2^-24 per term (see docs/engine.md for the bound on results).
 */
public final class Simd {

    public static final VectorSpecies<Float> FLOATS;
    static final VectorSpecies<Integer> INTS;
    /** fp32 lanes of a vector. */
    public static final int LANES;
    /** Vector registers of the CPU: 32 with AVX-512 and on AArch64, 16 with AVX2 or SSE. */
    static final int REGISTERS;
    /** Whether the JVM compiles {@link FloatVector#fma} to an FMA instruction. */
    public static final boolean FMA;
    /** Whether C2 compiles the min and max of float vectors: not on x86 without AVX (SSE only: Java fallback). */
    static final boolean FLOAT_MIN_MAX;
    /** Why the kernels cannot run as SIMD code here, or null where they can. */
    private static final String NO_SIMD;
    /** Whether {@link JitDirectives} are installed. */
    private static final CompletableFuture<String> JIT;

    static {
        HotSpotDiagnosticMXBean vm = hotSpot();
        int hardwareBits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        FLOATS = FloatVector.SPECIES_PREFERRED.vectorBitSize() < 128 ? FloatVector.SPECIES_PREFERRED
                : VectorSpecies.of(float.class, VectorShape.forBitSize(chosenBits(hardwareBits)));
        INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
        LANES = FLOATS.length();
        REGISTERS = registers(vm);
        FMA = !"false".equals(option(vm, "UseFMA"));
        FLOAT_MIN_MAX = !"0".equals(option(vm, "UseAVX"));
        NO_SIMD = noSimdReason(vm, hardwareBits);
        JIT = JitDirectives.installInBackground();
        if (NO_SIMD != null) {
            System.err.println("siren: warning: " + NO_SIMD + "; the engine's vector kernels run as slow Java "
                    + "fallbacks (about 100x slower)");
        }
    }

    private Simd() {
    }

    /** {@code a * b + c}: fused where the JVM has an FMA instruction, else a multiply and an add. */
    static FloatVector fma(FloatVector a, FloatVector b, FloatVector c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    /** The same with a scalar multiplier and addend. */
    static FloatVector fma(FloatVector a, float b, float c) {
        return FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    /** Vector bits in use. */
    public static int vectorBits() {
        return FLOATS.vectorBitSize();
    }

    /** Whether the kernels run as SIMD code (false: a warning was printed at start). */
    public static boolean usable() {
        return NO_SIMD == null;
    }

    /** Whether {@link JitDirectives} are installed (waits for their installation). */
    public static boolean jitDirectives() {
        return JIT.join().equals(JitDirectives.ON);
    }

    /** One line for {@code siren --version} and benchmarks, e.g. "512-bit vectors (16 fp32 lanes), FMA". */
    public static String summary() {
        return vectorBits() + "-bit vectors (" + LANES + " fp32 lanes), " + (FMA ? "FMA" : "no FMA (multiply + add)")
                + ", " + JIT.join() + (NO_SIMD == null ? "" : "; NOT VECTORISED: " + NO_SIMD);
    }

    /** The forced width (capped at the hardware's, with a warning), or the hardware's. */
    private static int chosenBits(int hardwareBits) {
        String forced = System.getProperty("siren.vector.bits", System.getenv("SIREN_VECTOR_BITS"));
        if (forced == null || forced.isBlank()) {
            return hardwareBits;
        }
        int bits;
        try {
            bits = Integer.parseInt(forced.trim());
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            System.err.println("siren: warning: siren.vector.bits / SIREN_VECTOR_BITS must be 128, 256 or 512, got '"
                    + forced + "'; using " + hardwareBits);
            return hardwareBits;
        }
        if (bits > hardwareBits) {
            System.err.println("siren: warning: " + bits + "-bit vectors requested, but this JVM supports at most "
                    + hardwareBits + "; using " + hardwareBits);
            return hardwareBits;
        }
        return bits;
    }

    private static int registers(HotSpotDiagnosticMXBean vm) {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("aarch64") || arch.startsWith("riscv")) {
            return 32;
        }
        return "3".equals(option(vm, "UseAVX")) ? 32 : 16; // AVX-512's EVEX encoding doubles the registers
    }

    private static String noSimdReason(HotSpotDiagnosticMXBean vm, int hardwareBits) {
        if (hardwareBits < 128) {
            return "the JVM's widest float vector has " + hardwareBits + " bits (no usable SIMD)";
        }
        if (System.getProperty("java.vm.info", "").contains("interpreted mode") || "false".equals(option(vm, "UseCompiler"))) {
            return "the JVM runs interpreted only (-Xint), so the Vector API is not compiled to SIMD instructions";
        }
        String level = option(vm, "TieredStopAtLevel");
        if (level != null && !level.equals("4") && !"false".equals(option(vm, "TieredCompilation"))) {
            return "the JVM's C2 compiler is off (-XX:TieredStopAtLevel=" + level + "), so the Vector API is not "
                    + "compiled to SIMD instructions";
        }
        return null;
    }

    private static HotSpotDiagnosticMXBean hotSpot() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException | LinkageError e) {
            return null; // not HotSpot: options unknown
        }
    }

    /** A VM option's value, or null where it does not exist (another JVM or CPU architecture). */
    private static String option(HotSpotDiagnosticMXBean vm, String name) {
        try {
            return vm == null ? null : vm.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
