package dev.siren.train.mlp;

import dev.siren.engine.kernels.DenseLayerKernels;
import dev.siren.engine.kernels.Parallel;
import dev.siren.guard.head.MlpClassifier;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Forward and backward passes of an {@link Mlp} over a mini-batch, with reusable buffers. Activations are kept
 * after ReLU and (inverted) dropout, so a unit passes gradient back exactly when its kept activation is positive.
 * Matrix products run through {@link DenseLayerKernels}, split over rows by {@link Parallel}.
 */
final class MlpPass {

    /** Row ranges start on a kernel tile (4 rows), so every row is computed alike whatever the thread count. */
    private static final int TILE_ROWS = 4;

    private final List<LayerParameters> layers;
    private final Parallel parallel;
    private final int maxBatch;
    /** activations[0] is the input batch; activations[i + 1] is the output of layer i (logits for the last). */
    private final float[][] activations;
    /** deltas[i] is the loss gradient with respect to layer i's pre-activation output. */
    private final float[][] deltas;
    final float[][] weightGradients;
    final float[][] biasGradients;
    private final float[] transposed;

    MlpPass(Mlp mlp, int maxBatch, Parallel parallel) {
        this.layers = mlp.layers();
        this.parallel = parallel;
        this.maxBatch = maxBatch;
        int n = layers.size();
        activations = new float[n + 1][];
        deltas = new float[n][];
        weightGradients = new float[n][];
        biasGradients = new float[n][];
        activations[0] = new float[maxBatch * layers.getFirst().inputs()];
        int widest = 0;
        for (int i = 0; i < n; i++) {
            LayerParameters layer = layers.get(i);
            activations[i + 1] = new float[maxBatch * layer.outputs()];
            deltas[i] = new float[maxBatch * layer.outputs()];
            weightGradients[i] = new float[layer.weight().length];
            biasGradients[i] = new float[layer.outputs()];
            widest = Math.max(widest, layer.outputs());
        }
        transposed = new float[widest * maxBatch];
    }

    int maxBatch() {
        return maxBatch;
    }

    /** Copies the given rows of x into the input buffer. */
    void load(float[][] x, int[] rows, int from, int count) {
        int d = layers.getFirst().inputs();
        for (int r = 0; r < count; r++) {
            System.arraycopy(x[rows[from + r]], 0, activations[0], r * d, d);
        }
    }

    /**
     * Runs the loaded batch forward. With {@code dropoutRng} non-null, hidden units are dropped with the given
     * probabilities and the kept ones scaled by 1/(1-p); with null, dropout is off (inference).
     */
    void forward(int batch, double[] dropout, SplittableRandom dropoutRng) {
        for (int i = 0; i < layers.size(); i++) {
            LayerParameters layer = layers.get(i);
            float[] in = activations[i];
            float[] out = activations[i + 1];
            boolean hidden = i < layers.size() - 1;
            int outputs = layer.outputs();
            parallel.forRange(batch, TILE_ROWS, (from, to) -> {
                DenseLayerKernels.multiplyTransposed(in, layer.weight(), out, layer.inputs(), outputs, from, to);
                float[] b = layer.bias();
                for (int r = from; r < to; r++) {
                    int row = r * outputs;
                    for (int o = 0; o < outputs; o++) {
                        float z = out[row + o] + b[o];
                        out[row + o] = hidden ? Math.max(0f, z) : z;
                    }
                }
            });
            if (hidden && dropoutRng != null && dropout[i] > 0) {
                float keep = (float) (1 - dropout[i]);
                float scale = 1 / keep;
                for (int k = 0, end = batch * outputs; k < end; k++) {
                    out[k] = dropoutRng.nextFloat() < keep ? out[k] * scale : 0f;
                }
            }
        }
    }

    /** The logits of row r of the last forward pass: {benign, harmful}. */
    float logit(int r, int cls) {
        return activations[layers.size()][r * 2 + cls];
    }

    /**
     * Back-propagates the mean cross-entropy of the last (training) forward pass against the labels of the given
     * rows, filling the weight and bias gradients.
     */
    void backward(int batch, int[] labels, int[] rows, int from, double[] dropout) {
        int last = layers.size() - 1;
        float[] delta = deltas[last];
        for (int r = 0; r < batch; r++) {
            double p = MlpClassifier.harmfulProbability(logit(r, 0), logit(r, 1));
            int y = labels[rows[from + r]];
            delta[r * 2] = (float) ((1 - p - (y == 0 ? 1 : 0)) / batch);
            delta[r * 2 + 1] = (float) ((p - (y == 1 ? 1 : 0)) / batch);
        }
        for (int i = last; i >= 0; i--) {
            LayerParameters layer = layers.get(i);
            int outputs = layer.outputs(), inputs = layer.inputs();
            float[] d = deltas[i];
            float[] in = activations[i];
            float[] gb = biasGradients[i];
            Arrays.fill(gb, 0f);
            for (int r = 0; r < batch; r++) {
                for (int o = 0; o < outputs; o++) {
                    gb[o] += d[r * outputs + o];
                    transposed[o * batch + r] = d[r * outputs + o];
                }
            }
            float[] gw = weightGradients[i];
            parallel.forRange(outputs, TILE_ROWS, (from2, to2) -> {
                Arrays.fill(gw, from2 * inputs, to2 * inputs, 0f);
                DenseLayerKernels.multiplyAccumulate(transposed, in, gw, batch, inputs, from2, to2);
            });
            if (i > 0) {
                float[] below = deltas[i - 1];
                float scale = (float) (1 / (1 - dropout[i - 1]));
                parallel.forRange(batch, TILE_ROWS, (from2, to2) -> {
                    Arrays.fill(below, from2 * inputs, to2 * inputs, 0f);
                    DenseLayerKernels.multiplyAccumulate(d, layer.weight(), below, outputs, inputs, from2, to2);
                    for (int k = from2 * inputs; k < to2 * inputs; k++) {
                        below[k] = in[k] > 0 ? below[k] * scale : 0f;
                    }
                });
            }
        }
    }
}
