package dev.siren.guard;

/**
 * Scores a response as it streams, in the context of the prompt it answers: after each chunk the score equals
 * {@link Guard#score(String, String, double) guard.score(prompt, responseSoFar, threshold)}, at the cost of the
 * new chunk only. Without a prompt it scores the response alone. Not thread-safe: one per stream.
 */
public final class PairStream implements AutoCloseable {

    private final StreamSession session;
    private final boolean hasPrompt;
    private final StringBuilder response = new StringBuilder();

    private PairStream(StreamSession session, boolean hasPrompt) {
        this.session = session;
        this.hasPrompt = hasPrompt;
    }

    /**
     * Opens a stream on {@code guard}; a null or empty prompt means the response is scored alone.
     * The prompt is encoded once, here.
     */
    public static PairStream open(Guard guard, String prompt) {
        StreamSession session = guard.newStream();
        boolean hasPrompt = prompt != null && !prompt.isEmpty();
        if (hasPrompt) {
            try {
                session.append(prompt);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }
        return new PairStream(session, hasPrompt);
    }

    /** Appends a chunk of the response and scores the pair so far. */
    public ScoreResult append(String chunk, double threshold) {
        // TextContract.joinPair puts "\n" between prompt and response only once the response is non-empty.
        String text = hasPrompt && response.isEmpty() && !chunk.isEmpty() ? "\n" + chunk : chunk;
        ScoreResult result = session.append(text, threshold);
        response.append(chunk);
        return result;
    }

    /** The response received so far (without the prompt). */
    public String response() {
        return response.toString();
    }

    /** Backbone tokens the prompt and response occupy so far. */
    public int tokenCount() {
        return session.tokenCount();
    }

    @Override
    public void close() {
        session.close();
    }
}
