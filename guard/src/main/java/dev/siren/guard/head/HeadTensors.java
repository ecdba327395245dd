package dev.siren.guard.head;

import dev.siren.engine.ModelFormatException;
import dev.siren.engine.weights.DType;
import dev.siren.engine.weights.SafetensorsFile;
import dev.siren.engine.weights.SafetensorsWriter;
import dev.siren.engine.weights.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A head's weight file through the engine's safetensors reader and writer: heads are small, so their tensors are
 * copied into fp32 arrays (F32, F16 and BF16; I64 and I32 index tensors too) and the file is closed at once. Format errors keep the
 * engine's message, which names the file and tensor.
 */
public final class HeadTensors {

    private HeadTensors() {
    }

    /** Every tensor of the file as fp32, in header order. */
    public static Map<String, FloatTensor> read(Path file) {
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            for (String name : safetensors.names()) {
                Tensor tensor = safetensors.tensor(name);
                int[] shape = Arrays.stream(tensor.shape()).mapToInt(Math::toIntExact).toArray();
                tensors.put(name, new FloatTensor(shape, tensor.dtype().isFloat() ? tensor.toFloatArray()
                        : exactFloats(file, name, tensor.toLongArray())));
            }
            return tensors;
        } catch (ModelFormatException e) {
            throw new InvalidHeadException(e.getMessage(), e);
        }
    }

    /** Integer tensors (neuron indices in some released heads) as floats, refusing values fp32 cannot hold exactly. */
    private static float[] exactFloats(Path file, String name, long[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Math.abs(values[i]) > (1 << 24)) {
                throw new InvalidHeadException(file + ": tensor '" + name + "' holds " + values[i]
                        + ", too large for a neuron index");
            }
            floats[i] = values[i];
        }
        return floats;
    }

    /** Writes the tensors, in map order, as F32. */
    public static void write(Path file, Map<String, FloatTensor> tensors) {
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        tensors.forEach((name, tensor) -> entries.add(SafetensorsWriter.Entry.ofFloats(name, DType.F32,
                Arrays.stream(tensor.shape()).asLongStream().toArray(), tensor.data())));
        SafetensorsWriter.write(file, entries);
    }
}
