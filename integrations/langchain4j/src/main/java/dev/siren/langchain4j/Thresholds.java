package dev.siren.langchain4j;

/** Checks decision thresholds given to the adapters. */
final class Thresholds {

    private Thresholds() {
    }

    static double check(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        return threshold;
    }

    static String explain(String what, double score, double threshold) {
        return String.format(java.util.Locale.ROOT, "SIREN flagged the %s as harmful (score %.3f >= threshold %.2f)",
                what, score, threshold);
    }
}
