package dev.siren.guard.head;

import dev.siren.guard.ScoreResult;

import java.util.List;
import java.util.Objects;

/**
 * A trained SIREN head: which neurons of which layers to read, how to weight them, and the MLP that turns them
 * into a harmfulness probability. Immutable and thread-safe.
 *
 * <p>Scoring (siren-method.md §1-§4): given the per-layer means h_l of the backbone's residual stream,
 * x = concat over layers ascending of alpha_l * h_l[S_l] (S_l in stored order), and
 * score = softmax(MLP(x))[1].
 *
 * @param backbone     the backbone the head was trained on
 * @param pooling      how per-layer vectors are pooled; only "residual_mean" exists
 * @param maxLength    tokens read per text (the reference keeps the first 512)
 * @param featureDtype precision of the pooled means the head expects
 * @param layers       one selection per backbone layer, ascending, layer l at index l
 * @param classifier   the MLP
 * @param threshold    default decision threshold on the score
 * @param provenance   data, settings and metrics the head was built from
 */
public record SirenHead(BackboneRef backbone, String pooling, int maxLength, FeatureDtype featureDtype,
                        List<LayerSelection> layers, MlpClassifier classifier, double threshold,
                        Provenance provenance) {

    /** The only pooling the method uses: the mean over all tokens of each layer's residual-stream output. */
    public static final String RESIDUAL_MEAN = "residual_mean";

    public SirenHead {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(featureDtype, "featureDtype");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(provenance, "provenance");
        layers = List.copyOf(layers);
        if (!RESIDUAL_MEAN.equals(pooling)) {
            throw new IllegalArgumentException("unsupported pooling '" + pooling + "' (only " + RESIDUAL_MEAN + ")");
        }
        if (maxLength <= 0) {
            throw new IllegalArgumentException("max_length must be positive, got " + maxLength);
        }
        if (layers.size() != backbone.numLayers()) {
            throw new IllegalArgumentException("the head has " + layers.size() + " layer selections but the backbone "
                    + backbone.describe() + " has " + backbone.numLayers() + " layers");
        }
        int features = 0;
        for (int l = 0; l < layers.size(); l++) {
            LayerSelection selection = layers.get(l);
            if (selection.layer() != l) {
                throw new IllegalArgumentException("layer selection at position " + l + " is for layer "
                        + selection.layer() + " (selections must cover layers 0.." + (layers.size() - 1) + " in order)");
            }
            for (int neuron : selection.neurons()) {
                if (neuron < 0 || neuron >= backbone.hiddenSize()) {
                    throw new IllegalArgumentException("layer " + l + " selects neuron " + neuron
                            + ", outside the hidden size " + backbone.hiddenSize());
                }
            }
            features += selection.size();
        }
        if (features != classifier.inputSize()) {
            throw new IllegalArgumentException("the layers select " + features + " neurons in all but the MLP takes "
                    + classifier.inputSize() + " inputs");
        }
        ScoreResult.checkThreshold(threshold);
    }

    /** Number of features the MLP reads (the total of selected neurons). */
    public int featureCount() {
        return classifier.inputSize();
    }

    /** The MLP input for one text, from its per-layer means {@code [layer][hidden]}. */
    public float[] features(float[][] layerMeans) {
        if (layerMeans.length != layers.size()) {
            throw new IllegalArgumentException("expected means of " + layers.size() + " layers, got " + layerMeans.length);
        }
        for (LayerSelection selection : layers) {
            float[] mean = layerMeans[selection.layer()];
            if (mean.length != backbone.hiddenSize()) {
                throw new IllegalArgumentException("layer " + selection.layer() + " mean has " + mean.length
                        + " values, expected hidden size " + backbone.hiddenSize());
            }
        }
        return LayerSelection.features(layers, featureDtype, layerMeans);
    }

    /** The harmfulness probability softmax(MLP(x))[1] in [0, 1] for one text's per-layer means. */
    public double score(float[][] layerMeans) {
        return classifier.score(features(layerMeans));
    }
}
