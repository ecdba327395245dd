package dev.siren.train.mlp;

import dev.siren.guard.head.DenseLayer;
import dev.siren.guard.head.MlpClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The parameters of a SIREN classifier while it is trained: hidden Linear+ReLU layers (dropout only while training)
 * and a 2-logit output (class 1 = harmful). Forward and backward passes over mini-batches run in {@link MlpPass};
 * the trained classifier scores as the guard's {@link MlpClassifier} ({@link #toClassifier}).
 */
public final class Mlp {

    private final List<LayerParameters> layers;

    public Mlp(List<LayerParameters> layers) {
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
        List<LayerParameters> layers = new ArrayList<>();
        int in = inputs;
        for (int h = 0; h <= hidden.length; h++) {
            int out = h < hidden.length ? hidden[h] : 2;
            float[] w = new float[in * out];
            double std = Math.sqrt(2.0 / in);
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (rng.nextGaussian() * std);
            }
            layers.add(new LayerParameters(in, out, w, new float[out]));
            in = out;
        }
        return new Mlp(layers);
    }

    public List<LayerParameters> layers() {
        return layers;
    }

    public int inputs() {
        return layers.getFirst().inputs();
    }

    Mlp copy() {
        return new Mlp(layers.stream().map(LayerParameters::copy).toList());
    }

    /** The classifier these parameters define, as the guard scores with it (the parameters copied). */
    public MlpClassifier toClassifier() {
        return new MlpClassifier(layers.stream()
                .map(l -> new DenseLayer(l.inputs(), l.outputs(), l.weight(), l.bias())).toList());
    }

    /** softmax(logits)[1] of every row, as the pass computes it while training (no dropout). */
    double[] scores(MlpPass pass, float[][] x) {
        double[] p = new double[x.length];
        int[] rows = new int[x.length];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        for (int from = 0; from < x.length; from += pass.maxBatch()) {
            int count = Math.min(pass.maxBatch(), x.length - from);
            pass.load(x, rows, from, count);
            pass.forward(count, null, null);
            for (int r = 0; r < count; r++) {
                p[from + r] = MlpClassifier.harmfulProbability(pass.logit(r, 0), pass.logit(r, 1));
            }
        }
        return p;
    }
}
