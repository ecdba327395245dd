package dev.siren.langchain4j;

/**
 * Delivered to a streaming handler's {@code onError} when SIREN stopped the stream because the response so far
 * (with its prompt) scored harmful. The part of the response that was forwarded is {@link #forwardedText()}; the
 * chunk that tipped the score was not forwarded.
 */
public final class HarmfulStreamException extends RuntimeException {

    private final double score;
    private final double threshold;
    private final String forwardedText;

    HarmfulStreamException(double score, double threshold, String forwardedText) {
        super(Thresholds.explain("streamed response", score, threshold) + "; the stream was stopped");
        this.score = score;
        this.threshold = threshold;
        this.forwardedText = forwardedText;
    }

    public double score() {
        return score;
    }

    public double threshold() {
        return threshold;
    }

    /** The response text the caller received before the stop. */
    public String forwardedText() {
        return forwardedText;
    }
}
