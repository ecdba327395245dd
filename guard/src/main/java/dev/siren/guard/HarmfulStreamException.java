package dev.siren.guard;

import java.util.Locale;

/**
 * Ends a streamed answer that a guard stopped mid-way because the text so far (with its prompt) scored harmful.
 * The framework adapters deliver it as the stream's error. {@link #forwardedText()} is what the caller received;
 * the chunk that tipped the score was withheld.
 */
public final class HarmfulStreamException extends RuntimeException {

    private final double score;
    private final double threshold;
    private final String forwardedText;

    public HarmfulStreamException(double score, double threshold, String forwardedText) {
        super(String.format(Locale.ROOT,
                "SIREN stopped the streamed response as harmful (score %.3f >= threshold %.2f)", score, threshold));
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
