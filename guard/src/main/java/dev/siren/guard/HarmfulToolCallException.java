package dev.siren.guard;

import java.util.Locale;

/**
 * A tool call that SIREN refused before it ran: the conversation so far, ending with the assistant's request for
 * this call, scored harmful. The framework adapters throw it instead of executing the tool (no tool of that
 * response is run), so the agent's call ends with it.
 */
public final class HarmfulToolCallException extends RuntimeException {

    private final String toolName;
    private final String arguments;
    private final double score;
    private final double threshold;

    public HarmfulToolCallException(String toolName, String arguments, double score, double threshold) {
        super(String.format(Locale.ROOT, "SIREN refused the call of tool '%s' as harmful in its conversation"
                + " (score %.3f >= threshold %.2f); the tool was not run", toolName, score, threshold));
        this.toolName = toolName;
        this.arguments = arguments;
        this.score = score;
        this.threshold = threshold;
    }

    public String toolName() {
        return toolName;
    }

    /** The arguments the model asked to call the tool with (JSON text, as the model sent it). */
    public String arguments() {
        return arguments;
    }

    public double score() {
        return score;
    }

    public double threshold() {
        return threshold;
    }
}
