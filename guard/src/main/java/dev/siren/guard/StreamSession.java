package dev.siren.guard;

/**
 * Scores a text that grows chunk by chunk, e.g. an assistant answer being streamed.
 * Each {@link #append} returns the score of the whole text so far, equal (within 1e-5) to scoring that
 * text in one call, at a cost proportional to the new chunk. Not thread-safe: one session per stream.
 */
public interface StreamSession extends AutoCloseable {

    /** Appends a chunk and scores the whole text so far with the guard's default threshold. */
    ScoreResult append(String chunk);

    /** Appends a chunk and scores the whole text so far with the given threshold. */
    ScoreResult append(String chunk, double threshold);

    /** The text appended so far. */
    String text();

    /** The number of backbone tokens the text so far occupies. */
    int tokenCount();

    @Override
    void close();
}
