package dev.siren.train.metrics;

/**
 * The metrics of one labelled set scored at a threshold (harmful iff score >= threshold).
 *
 * @param rows      number of rows
 * @param harmful   rows labelled harmful
 * @param macroF1   macro-F1 over the two classes
 * @param precision precision on the harmful class
 * @param recall    recall on the harmful class
 * @param f1        F1 of the harmful class
 * @param fpr       share of benign rows flagged (NaN when there are none)
 * @param auroc     area under the ROC curve (NaN when only one class is present)
 */
public record Evaluation(int rows, int harmful, double macroF1, double precision, double recall, double f1,
                         double fpr, double auroc) {

    public static Evaluation of(double[] scores, int[] labels, double threshold) {
        boolean[] flagged = new boolean[scores.length];
        int harmful = 0;
        for (int i = 0; i < scores.length; i++) {
            flagged[i] = scores[i] >= threshold;
            harmful += labels[i];
        }
        ConfusionCounts c = ConfusionCounts.of(labels, flagged);
        double fpr = c.negatives() == 0 ? Double.NaN : c.falsePositiveRate();
        return new Evaluation(scores.length, harmful, c.macroF1(), c.precision(), c.recall(), c.f1(), fpr,
                Auroc.compute(scores, labels));
    }
}
