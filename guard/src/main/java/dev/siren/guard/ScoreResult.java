package dev.siren.guard;

/**
 * The outcome of scoring one text.
 *
 * @param score     softmax probability of the harmful class, in [0, 1]
 * @param harmful   {@code score >= threshold}
 * @param threshold the decision threshold that was applied
 */
public record ScoreResult(double score, boolean harmful, double threshold) {

    public static ScoreResult of(double score, double threshold) {
        return new ScoreResult(score, score >= threshold, threshold);
    }
}
