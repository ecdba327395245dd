package dev.siren.guard.head;

import java.util.List;

/**
 * The SIREN classifier: (Linear -> ReLU) for every hidden layer, then a Linear to 2 logits (class 1 = harmful).
 * Dropout, used only while training, has no parameters and no effect here.
 */
public final class MlpClassifier {

    /** The only activation the reference trains with. */
    public static final String ACTIVATION = "relu";

    private final List<DenseLayer> layers;

    public MlpClassifier(List<DenseLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an MLP needs at least its output layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputs() != layers.get(i - 1).outputs()) {
                throw new IllegalArgumentException("MLP layer " + i + " takes " + layers.get(i).inputs()
                        + " inputs but layer " + (i - 1) + " gives " + layers.get(i - 1).outputs());
            }
        }
        if (layers.getLast().outputs() != 2) {
            throw new IllegalArgumentException("the MLP's last layer must give 2 logits, it gives "
                    + layers.getLast().outputs());
        }
        this.layers = List.copyOf(layers);
    }

    public List<DenseLayer> layers() {
        return layers;
    }

    public int inputSize() {
        return layers.getFirst().inputs();
    }

    /** Sizes of the hidden layers (excluding input and the 2-logit output). */
    public int[] hiddenSizes() {
        int[] sizes = new int[layers.size() - 1];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = layers.get(i).outputs();
        }
        return sizes;
    }

    public long parameterCount() {
        long count = 0;
        for (DenseLayer layer : layers) {
            count += (long) layer.inputs() * layer.outputs() + layer.outputs();
        }
        return count;
    }

    /** The two logits (harmless, harmful) for one feature vector. */
    public float[] logits(float[] features) {
        if (features.length != inputSize()) {
            throw new IllegalArgumentException("MLP expects " + inputSize() + " features, got " + features.length);
        }
        float[] x = features;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).apply(x);
            if (i < layers.size() - 1) {
                for (int j = 0; j < x.length; j++) {
                    x[j] = Math.max(0f, x[j]);
                }
            }
        }
        return x;
    }

    /** The harmfulness probability softmax(logits)[1] of one feature vector. */
    public double score(float[] features) {
        return harmfulProbability(logits(features));
    }

    /** softmax(logits)[1], written so that it neither overflows nor loses precision near 0 and 1. */
    public static double harmfulProbability(float[] logits) {
        return harmfulProbability(logits[0], logits[1]);
    }

    /** softmax([benign, harmful])[1]. */
    public static double harmfulProbability(float benign, float harmful) {
        return 1.0 / (1.0 + Math.exp((double) benign - harmful));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpClassifier other && layers.equals(other.layers);
    }

    @Override
    public int hashCode() {
        return layers.hashCode();
    }
}
