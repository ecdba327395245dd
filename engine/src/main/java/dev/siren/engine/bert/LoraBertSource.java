package dev.siren.engine.bert;

import dev.siren.engine.ModelFormatException;
import dev.siren.engine.kernels.Kernels;
import dev.siren.engine.kernels.WeightMatrix;

import java.util.HashSet;
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
        String module = name.endsWith(WEIGHT) ? name.substring(0, name.length() - WEIGHT.length()) : name;
        if (!adapter.modules().contains(module)) {
            return weight;
        }
        float[] merged = new float[out * in];
        Kernels.toFloat(weight, 0, out, merged, 0);
        adapter.addTo(module, merged, in, out);
        applied.add(module);
        return WeightMatrix.ofFloats(name, merged, out, in);
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
