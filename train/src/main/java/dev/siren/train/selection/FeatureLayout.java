package dev.siren.train.selection;

/**
 * How a head reads a backbone's pooled layer outputs: per layer (ascending) the ordered safety-neuron indices
 * and the layer weight. The head's input is the concatenation over layers of {@code alpha_l · h_l[S_l]}.
 *
 * @param neurons neurons[l] = the selected hidden-unit indices of layer l, in selection order
 * @param alpha   alpha[l] = the weight of layer l
 */
public record FeatureLayout(int[][] neurons, float[] alpha) {

    public FeatureLayout {
        if (neurons.length != alpha.length) {
            throw new IllegalArgumentException("neurons for " + neurons.length + " layers but " + alpha.length + " weights");
        }
    }

    public int layers() {
        return neurons.length;
    }

    /** The head's input width: the total number of selected neurons. */
    public int width() {
        int d = 0;
        for (int[] s : neurons) d += s.length;
        return d;
    }

    /** The head input of one sample from its pooled layer outputs [layer][hidden]. */
    public float[] assemble(float[][] layerMeans) {
        float[] x = new float[width()];
        int k = 0;
        for (int l = 0; l < neurons.length; l++) {
            float a = alpha[l];
            float[] h = layerMeans[l];
            for (int j : neurons[l]) {
                x[k++] = a * h[j];
            }
        }
        return x;
    }

    public float[][] assembleAll(float[][][] samples) {
        float[][] x = new float[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            x[i] = assemble(samples[i]);
        }
        return x;
    }
}
