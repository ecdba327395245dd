package dev.siren.engine;

/**
 * One growing token sequence of a causal backbone. Appending costs time proportional to the new tokens;
 * the per-layer running sums are kept so the SIREN mean of the whole sequence is always at hand.
 * Not thread-safe.
 */
public interface IncrementalSequence extends AutoCloseable {

    /** Runs the new tokens through the backbone, attending to everything appended before. */
    void append(int[] ids);

    /** Removes the last k tokens (k at most the rollback window given at creation). */
    void rollback(int k);

    /** Tokens currently in the sequence. */
    int length();

    /** The mean over all tokens of every layer's output: {@code [layer][hidden]}, fp32. */
    float[][] layerMeans();

    @Override
    void close();
}
