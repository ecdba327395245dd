package dev.siren.engine;

import java.util.List;

/**
 * A frozen transformer whose every layer output can be read: the representation source of SIREN.
 * Implementations are thread-safe; the weights are shared by all callers.
 */
public interface Backbone extends AutoCloseable {

    ModelInfo info();

    /**
     * Runs the token sequences (batched and padded internally) and returns, for each sequence, the mean over
     * its tokens of every layer's output (the residual stream after layer l, before any final norm):
     * {@code result[sequence][layer][hidden]}, in fp32, layer 0 first.
     */
    float[][][] layerMeans(List<int[]> sequences);

    /** True for decoders: a token's layer outputs depend only on earlier tokens, so sequences can grow incrementally. */
    boolean isCausal();

    /**
     * Opens a sequence that grows token by token with a KV cache (causal backbones only).
     *
     * @param maxTokens   capacity; appending past it fails with a clear error
     * @param maxRollback how many of the most recent tokens {@link IncrementalSequence#rollback} may remove
     */
    IncrementalSequence newSequence(int maxTokens, int maxRollback);

    @Override
    void close();
}
