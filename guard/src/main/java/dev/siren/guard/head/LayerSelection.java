package dev.siren.guard.head;

import java.util.Arrays;
import java.util.List;

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

    /** The number of features {@code layers} select in all: the MLP's input width. */
    public static int width(List<LayerSelection> layers) {
        int width = 0;
        for (LayerSelection selection : layers) {
            width += selection.size();
        }
        return width;
    }

    /**
     * The MLP input for one text, x = concat over {@code layers} (in order) of alpha * mean[neuron] for every selected
     * neuron, each mean value first brought to the head's feature precision. Training and scoring both read
     * features through this.
     *
     * @param layerMeans the text's per-layer means {@code [layer][hidden]}
     */
    public static float[] features(List<LayerSelection> layers, FeatureDtype dtype, float[][] layerMeans) {
        float[] out = new float[width(layers)];
        int offset = 0;
        for (LayerSelection selection : layers) {
            float[] mean = layerMeans[selection.layer];
            for (int neuron : selection.neurons) {
                out[offset++] = selection.alpha * dtype.apply(mean[neuron]);
            }
        }
        return out;
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
