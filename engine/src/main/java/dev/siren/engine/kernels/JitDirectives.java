package dev.siren.engine.kernels;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Compiler directives that tell HotSpot's C2 which kernel methods to inline and which to keep apart, added to the
 * running JVM (the {@code Compiler.directives_add} diagnostic command, through its MBean) when the kernels load.
 * <p>
 * A Vector API value passed to a method C2 did not inline is boxed on the heap, and the Vector API operations in an
 * oversized compilation fall back to Java code: either makes a kernel several times slower. C2's own heuristics
 * decided both by profile counts, which differ from run to run: in one process in four or so a helper that takes
 * vectors (an FMA inside erf or exp) was left out of line, or the attention step grew past C2's node budget with the
 * GEMM and softmax inlined into it; the same batch then ran 10-40 % slower (JFR: 10-25 % of the samples in boxed
 * helpers). The directives make it the same every time: methods that take or return vectors are always inlined;
 * the array kernels that steps call ({@code Kernels.matmul}, {@code Kernels.softmax}, the GELU of a row) and the
 * vector-padded tails of the element-wise kernels are compiled on their own, which costs one call per row or block and
 * keeps each compilation small.
 * <p>
 * They apply to compilations of this project's methods only. Off with {@code -Dsiren.jit.directives=false} or
 * {@code SIREN_JIT_DIRECTIVES=false} (to measure their effect); elsewhere than HotSpot they are not installed.
 */
final class JitDirectives {

    /** What {@link #install()} returns when the directives are in place. */
    static final String ON = "JIT directives on";
    private static final String KERNELS = "dev/siren/engine/kernels/";
    private static final String DIRECTIVES = """
            [{
              match: "dev/siren/*.*",
              inline: [
                "+%1$sSimd.fma", "+%1$sVectorMath.*", "+%1$sEncoderKernels.erf", "+%1$sEncoderKernels.geluLanes",
                "+%1$sKernels.silu", "+%1$sPanelGemm.start",
                "-%1$sKernels.matmul", "-%1$sKernels.softmax", "-%1$sKernels.softmaxRows", "-%1$sEncoderKernels.gelu",
                "-%1$sKernels.siluMul", "-%1$sKernels.expSum",
                "-%1$sKernels.siluMulTail", "-%1$sKernels.expTail", "-%1$sEncoderKernels.geluTail"
              ]
            }]
            """.formatted(KERNELS);

    private JitDirectives() {
    }

    /**
     * Installs the directives on a background thread, once, from {@link Simd}'s initialisation: starting the JVM's
     * management server takes about 100 ms, which then overlaps the model's load (C2 compiles the kernels only once
     * they have run a while). The future says what was done, for {@link Simd#summary()}.
     */
    static CompletableFuture<String> installInBackground() {
        CompletableFuture<String> status = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("siren-jit-directives").start(() -> status.complete(install()));
        return status;
    }

    /** Installs the directives; returns what it did. */
    static String install() {
        if ("false".equalsIgnoreCase(System.getProperty("siren.jit.directives", System.getenv("SIREN_JIT_DIRECTIVES")))) {
            return "JIT directives off";
        }
        Path file = null;
        try {
            file = Files.createTempFile("siren-jit-directives", ".json");
            Files.writeString(file, DIRECTIVES);
            Object reply = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            return String.valueOf(reply).contains("added") ? ON
                    : "JIT directives not installed: " + String.valueOf(reply).strip();
        } catch (Exception | LinkageError e) {
            return "JIT directives not installed: " + e.getClass().getSimpleName();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (Exception ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
