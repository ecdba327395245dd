package dev.siren.train.mlp;

import dev.siren.engine.kernels.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The SIREN head: hidden Linear+ReLU layers (dropout only while training) and a 2-logit output
 * (class 1 = harmful). The score of an input is softmax(logits)[1].
 */
public final class Mlp {

    private final List<DenseLayer> layers;

    public Mlp(List<DenseLayer> layers) {
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputs() != layers.get(i - 1).outputs()) {
                throw new IllegalArgumentException("layer " + i + " expects " + layers.get(i).inputs()
                        + " inputs but layer " + (i - 1) + " has " + layers.get(i - 1).outputs() + " outputs");
            }
        }
        if (layers.getLast().outputs() != 2) {
            throw new IllegalArgumentException("the output layer must have 2 logits, has " + layers.getLast().outputs());
        }
        this.layers = List.copyOf(layers);
    }

    /** Kaiming-normal weights (fan-in, ReLU gain, on every layer as in the reference) and zero biases. */
    public static Mlp initialise(int inputs, int[] hidden, long seed) {
        Random rng = new Random(seed);
        List<DenseLayer> layers = new ArrayList<>();
        int in = inputs;
        for (int h = 0; h <= hidden.length; h++) {
            int out = h < hidden.length ? hidden[h] : 2;
            float[] w = new float[in * out];
            double std = Math.sqrt(2.0 / in);
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (rng.nextGaussian() * std);
            }
            layers.add(new DenseLayer(in, out, w, new float[out]));
            in = out;
        }
        return new Mlp(layers);
    }

    public List<DenseLayer> layers() {
        return layers;
    }

    public int inputs() {
        return layers.getFirst().inputs();
    }

    Mlp copy() {
        return new Mlp(layers.stream().map(DenseLayer::copy).toList());
    }

    /** The two logits of one input (inference: no dropout). */
    public float[] logits(float[] x) {
        float[] a = x;
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer layer = layers.get(i);
            float[] z = new float[layer.outputs()];
            for (int o = 0; o < layer.outputs(); o++) {
                double s = layer.bias()[o];
                int row = o * layer.inputs();
                for (int j = 0; j < layer.inputs(); j++) {
                    s += layer.weight()[row + j] * a[j];
                }
                z[o] = (float) (i < layers.size() - 1 ? Math.max(0, s) : s);
            }
            a = z;
        }
        return a;
    }

    /** softmax(logits)[1] of every row (inference, no dropout), in batches on the given threads. */
    public double[] scores(float[][] x, Parallel parallel) {
        return scores(new MlpPass(this, Math.min(256, Math.max(1, x.length)), parallel), x);
    }

    double[] scores(MlpPass pass, float[][] x) {
        double[] p = new double[x.length];
        int[] rows = new int[x.length];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        for (int from = 0; from < x.length; from += pass.maxBatch()) {
            int count = Math.min(pass.maxBatch(), x.length - from);
            pass.load(x, rows, from, count);
            pass.forward(count, null, null);
            for (int r = 0; r < count; r++) {
                p[from + r] = harmfulProbability(pass.logit(r, 0), pass.logit(r, 1));
            }
        }
        return p;
    }

    /** softmax(logits)[1], computed stably. */
    public static double harmfulProbability(float logitBenign, float logitHarmful) {
        return 1 / (1 + Math.exp((double) logitBenign - logitHarmful));
    }
}
