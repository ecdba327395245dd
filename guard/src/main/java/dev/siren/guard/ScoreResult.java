package dev.siren.guard;

/**
 * The outcome of scoring one text.
 *
 * @param score     softmax probability of the harmful class, in [0, 1]
 * @param harmful   {@code score >= threshold}
 * @param threshold the decision threshold that was applied
 * @throws ScoringException if the score is not a number in [0, 1]: a guard that cannot compute a score fails closed
 */
public record ScoreResult(double score, boolean harmful, double threshold) {

    public ScoreResult {
        if (!(score >= 0 && score <= 1)) {
            throw new ScoringException("the guard computed an invalid score (" + score
                    + "): its head or backbone weights are corrupt or the input broke the model; not treated as clean");
        }
    }

    public static ScoreResult of(double score, double threshold) {
        return new ScoreResult(score, score >= threshold, threshold);
    }

    /** Returns {@code threshold} if it is a valid decision threshold (in [0, 1]; NaN is not). */
    public static double checkThreshold(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        return threshold;
    }
}
