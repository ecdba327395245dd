package dev.siren.guard.head;

import java.util.Arrays;

/**
 * The safety neurons of one layer and that layer's weight.
 *
 * @param layer   0-based layer index (the output of decoder/encoder layer {@code layer})
 * @param alpha   the layer weight alpha_l multiplied into every selected value
 * @param neurons indices into the layer's pooled vector, in the stored (descending-importance) order, which is
 *                the order of the features the MLP was trained on
 */
public record LayerSelection(int layer, float alpha, int[] neurons) {

    public LayerSelection {
        if (layer < 0) {
            throw new IllegalArgumentException("layer index must be >= 0, got " + layer);
        }
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha of layer " + layer + " is not finite: " + alpha);
        }
        neurons = neurons.clone();
    }

    @Override
    public int[] neurons() {
        return neurons.clone();
    }

    public int size() {
        return neurons.length;
    }

    /**
     * Writes alpha * mean[neuron] (the mean value first brought to the head's feature precision) for every selected
     * neuron into {@code out} from {@code offset}; returns the offset after the last one.
     */
    int gather(float[] mean, FeatureDtype dtype, float[] out, int offset) {
        for (int neuron : neurons) {
            out[offset++] = alpha * dtype.apply(mean[neuron]);
        }
        return offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerSelection other && layer == other.layer
                && Float.compare(alpha, other.alpha) == 0 && Arrays.equals(neurons, other.neurons);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layer + Float.hashCode(alpha)) + Arrays.hashCode(neurons);
    }

    @Override
    public String toString() {
        return "LayerSelection[layer=" + layer + ", alpha=" + alpha + ", neurons=" + neurons.length + "]";
    }
}
