package dev.siren.engine.bert;

import dev.siren.engine.ModelFormatException;
import dev.siren.engine.kernels.Kernels;
import dev.siren.engine.kernels.PackedWeights;
import dev.siren.engine.kernels.Parallel;
import dev.siren.engine.kernels.WeightMatrix;

import java.lang.foreign.Arena;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A BERT source with a LoRA adapter merged into its Linear weights (fp32, then packed like any other weight). Every
 * module the adapter names must be one the encoder loads: {@link #checkAllApplied} says which were not.
 */
final class LoraBertSource implements BertTensorSource {

    private static final String WEIGHT = ".weight";

    private final BertTensorSource base;
    private final LoraAdapter adapter;
    private final Set<String> applied = new HashSet<>();

    LoraBertSource(BertTensorSource base, LoraAdapter adapter) {
        this.base = base;
        this.adapter = adapter;
    }

    @Override
    public float[] tensor(String name, int... shape) {
        return base.tensor(name, shape);
    }

    @Override
    public WeightMatrix linearWeight(String name, int in, int out) {
        WeightMatrix weight = base.linearWeight(name, in, out);
        String module = module(name);
        if (!adapter.modules().contains(module)) {
            return weight;
        }
        float[] merged = new float[out * in];
        Kernels.toFloat(weight, 0, out, merged, 0);
        adapter.addTo(module, merged, in, out);
        applied.add(module);
        return WeightMatrix.ofFloats(name, merged, out, in);
    }

    /**
     * Weights the adapter leaves alone keep the base's own packing (for an ONNX base, straight from the file's bytes,
     * without an fp32 copy): adapters often touch only some modules (PEFT's default for BERT is query and value).
     */
    @Override
    public PackedWeights packedLinear(String name, List<String> names, int in, int out, Arena arena, Parallel parallel) {
        if (names.stream().noneMatch(part -> adapter.modules().contains(module(part)))) {
            return base.packedLinear(name, names, in, out, arena, parallel);
        }
        return BertTensorSource.super.packedLinear(name, names, in, out, arena, parallel);
    }

    private static String module(String weightName) {
        return weightName.endsWith(WEIGHT) ? weightName.substring(0, weightName.length() - WEIGHT.length()) : weightName;
    }

    /** Fails when the adapter names modules that the encoder never loaded (an adapter for another model). */
    void checkAllApplied() {
        Set<String> unused = new TreeSet<>(adapter.modules());
        unused.removeAll(applied);
        if (!unused.isEmpty()) {
            throw new ModelFormatException(adapter.dir().resolve(LoraAdapter.WEIGHTS) + ": the encoder has no Linear"
                    + " module " + String.join(", ", unused.stream().limit(3).toList())
                    + (unused.size() > 3 ? " (and " + (unused.size() - 3) + " more)" : "")
                    + "; was the adapter trained on " + adapter.baseModel() + "?");
        }
    }
}
