package dev.siren.langchain4j;

/** The message a guardrail gives when it blocks. */
final class Thresholds {

    private Thresholds() {
    }

    static String explain(String what, double score, double threshold) {
        return String.format(java.util.Locale.ROOT, "SIREN flagged the %s as harmful (score %.3f >= threshold %.2f)",
                what, score, threshold);
    }
}
