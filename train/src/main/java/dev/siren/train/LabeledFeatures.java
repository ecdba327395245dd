package dev.siren.train;

import dev.siren.train.mlp.StratifiedFolds;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pooled layer features of labelled texts: what the method trains on.
 *
 * @param features features[sample][layer][hidden], the mean over tokens of each layer's output
 * @param labels   1 = harmful, 0 = benign
 * @param sources  the source dataset of each sample (the unit of the per-source metric)
 */
public record LabeledFeatures(float[][][] features, int[] labels, String[] sources) {

    public LabeledFeatures {
        if (features.length != labels.length || labels.length != sources.length) {
            throw new IllegalArgumentException("features, labels and sources differ in length: " + features.length
                    + ", " + labels.length + ", " + sources.length);
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        int layers = features[0].length, hidden = features[0][0].length;
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != layers || features[i][0].length != hidden) {
                throw new IllegalArgumentException("sample " + i + " has " + features[i].length + " x "
                        + features[i][0].length + " features, expected " + layers + " x " + hidden);
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("sample " + i + " has label " + labels[i] + ", expected 0 or 1");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int layers() {
        return features[0].length;
    }

    public int hidden() {
        return features[0][0].length;
    }

    public LabeledFeatures subset(int[] rows) {
        float[][][] f = new float[rows.length][][];
        int[] y = new int[rows.length];
        String[] s = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            f[i] = features[rows[i]];
            y[i] = labels[rows[i]];
            s[i] = sources[rows[i]];
        }
        return new LabeledFeatures(f, y, s);
    }

    public LabeledFeatures concat(LabeledFeatures other) {
        int n = size(), m = other.size();
        float[][][] f = new float[n + m][][];
        int[] y = new int[n + m];
        String[] s = new String[n + m];
        System.arraycopy(features, 0, f, 0, n);
        System.arraycopy(other.features, 0, f, n, m);
        System.arraycopy(labels, 0, y, 0, n);
        System.arraycopy(other.labels, 0, y, n, m);
        System.arraycopy(sources, 0, s, 0, n);
        System.arraycopy(other.sources, 0, s, n, m);
        return new LabeledFeatures(f, y, s);
    }

    /**
     * Splits off a seeded validation share, stratified by source and label: returns {train rows, validation rows}.
     * Every stratum with at least two rows contributes round(fraction × size) rows, at least one, to validation.
     */
    public int[][] stratifiedSplit(double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        List<Integer> train = new ArrayList<>(), val = new ArrayList<>();
        for (List<Integer> stratum : StratifiedFolds.shuffledStrata(sources, labels, new SplittableRandom(seed))) {
            int take = stratum.size() < 2 ? 0 : Math.max(1, (int) Math.round(validationFraction * stratum.size()));
            val.addAll(stratum.subList(0, take));
            train.addAll(stratum.subList(take, stratum.size()));
        }
        return new int[][] {train.stream().mapToInt(Integer::intValue).sorted().toArray(),
                val.stream().mapToInt(Integer::intValue).sorted().toArray()};
    }
}
