package dev.siren.train.metrics;

/**
 * Counts of a binary decision against labels (1 = harmful, the positive class) and the scores derived from them.
 * Undefined ratios (0/0) are reported as 0, as scikit-learn does with {@code zero_division=0}.
 */
public record ConfusionCounts(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    public static ConfusionCounts of(int[] labels, boolean[] predictedHarmful) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean positive = labels[i] == 1;
            if (predictedHarmful[i]) {
                if (positive) tp++; else fp++;
            } else {
                if (positive) fn++; else tn++;
            }
        }
        return new ConfusionCounts(tp, fp, tn, fn);
    }

    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public long positives() {
        return truePositives + falseNegatives;
    }

    public long negatives() {
        return trueNegatives + falsePositives;
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return ratio(truePositives, positives());
    }

    /** F1 of the harmful class. */
    public double f1() {
        return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    /** F1 of the benign class (the harmful class's F1 with the roles of the classes swapped). */
    public double benignF1() {
        return ratio(2 * trueNegatives, 2 * trueNegatives + falseNegatives + falsePositives);
    }

    /**
     * Unweighted mean of both classes' F1, over the classes present in the labels or the predictions
     * (scikit-learn's {@code f1_score(average='macro')}: a class absent from both is not averaged in).
     */
    public double macroF1() {
        boolean harmfulSeen = positives() + falsePositives > 0;
        boolean benignSeen = negatives() + falseNegatives > 0;
        if (harmfulSeen && benignSeen) {
            return (f1() + benignF1()) / 2;
        }
        return harmfulSeen ? f1() : benignSeen ? benignF1() : 0;
    }

    /** Share of benign rows flagged as harmful. */
    public double falsePositiveRate() {
        return ratio(falsePositives, negatives());
    }

    public double accuracy() {
        return ratio(truePositives + trueNegatives, total());
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }
}
