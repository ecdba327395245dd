package dev.siren.engine.kernels;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vector width the kernels choose, its override, and the warnings about it (in child JVMs). */
class SimdTest {

    private static final int HARDWARE_BITS = FloatVector.SPECIES_PREFERRED.vectorBitSize();

    @Test
    void kernelsUseTheJvmsPreferredWidthAndPanelsOfTwoVectors() {
        if (System.getProperty("siren.vector.bits") == null && System.getenv("SIREN_VECTOR_BITS") == null) {
            assertEquals(HARDWARE_BITS, Simd.vectorBits());
        }
        assertEquals(2 * Simd.LANES, PackedWeights.PANEL);
        assertTrue(Simd.usable(), Simd.summary());
    }

    @Test
    void aForcedWidthIsUsedUpToTheJvmsWidest() throws IOException, InterruptedException {
        String out = ChildJvm.output(SimdTest.class, List.of("-Dsiren.vector.bits=128"));
        assertTrue(out.contains("bits=128 lanes=4 panel=8"), out);
        assertTrue(!out.contains("warning"), out);

        String above = ChildJvm.output(SimdTest.class, List.of("-Dsiren.vector.bits=512", "-XX:+IgnoreUnrecognizedVMOptions",
                "-XX:UseAVX=2"));
        if (!above.contains("bits=512")) { // a JVM below 512 bits: warned, and its widest width used
            assertTrue(above.contains("warning: 512-bit vectors requested, but this JVM supports at most"), above);
        }
    }

    @Test
    void aBadWidthIsReportedAndIgnored() throws IOException, InterruptedException {
        String out = ChildJvm.output(SimdTest.class, List.of("-Dsiren.vector.bits=100"));
        assertTrue(out.contains("siren.vector.bits / SIREN_VECTOR_BITS must be 128, 256 or 512, got '100'"), out);
        assertTrue(out.contains("bits=" + HARDWARE_BITS + " "), out);
    }

    @Test
    void withoutC2OneWarningSaysTheKernelsAreNotVectorised() throws IOException, InterruptedException {
        String out = ChildJvm.output(SimdTest.class, List.of("-XX:TieredStopAtLevel=1"));
        assertEquals(1, out.lines().filter(l -> l.contains("warning")).count(), out);
        assertTrue(out.contains("C2 compiler is off (-XX:TieredStopAtLevel=1)") && out.contains("100x slower"), out);
    }

    /** Entry point of the child JVMs: runs a kernel twice, then prints the chosen shape. */
    public static void main(String[] args) {
        for (int i = 0; i < 2; i++) {
            Kernels.softmax(new float[] {1, 2, 3}, 0, 3);
        }
        System.out.println("bits=" + Simd.vectorBits() + " lanes=" + Simd.LANES + " panel=" + PackedWeights.PANEL);
    }
}
