package dev.siren.engine.kernels;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Packing [in x out] (ONNX) weights directly must give the bytes of transposing them first, then packing. */
class PackedWeightsTest {

    private static final ValueLayout.OfFloat LE_F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void inputMajorPackingMatchesTransposeThenPack() {
        // one block, a full and a partial panel; three stacked blocks whose outputs straddle panels; one input
        int[][] shapes = {{7, 40, 1}, {5, 20, 3}, {1, 64, 2}, {33, 32, 3}};
        Random random = new Random(3);
        for (int[] shape : shapes) {
            int in = shape[0];
            int out = shape[1];
            int count = shape[2];
            List<MemorySegment> blocks = new ArrayList<>();
            float[] outByIn = new float[count * out * in]; // the blocks' outputs stacked, [out x in]
            for (int b = 0; b < count; b++) {
                float[] inByOut = new float[in * out];
                for (int i = 0; i < inByOut.length; i++) {
                    inByOut[i] = (float) random.nextGaussian();
                }
                MemorySegment block = Arena.ofAuto().allocate(4L * in * out);
                MemorySegment.copy(inByOut, 0, block, LE_F32, 0, inByOut.length);
                blocks.add(block);
                WeightMatrix transposed = WeightMatrix.fromInputMajor("w", inByOut, in, out);
                Kernels.toFloat(transposed, 0, out, outByIn, b * out * in);
            }
            try (Arena arena = Arena.ofShared(); Parallel two = new Parallel(2)) {
                PackedWeights expected = PackedWeights.pack("w", outByIn, count * out, in, arena);
                PackedWeights actual = PackedWeights.packInputMajor("w", blocks, in, out, arena, two);
                String what = count + " block(s) of " + in + "x" + out;
                assertEquals(expected.rows(), actual.rows(), what);
                assertEquals(expected.cols(), actual.cols(), what);
                assertEquals(expected.isBf16(), actual.isBf16(), what);
                assertEquals(-1, expected.data().mismatch(actual.data()), what + ": first differing byte");
            }
        }
    }
}
