package dev.siren.engine;

/**
 * Receives each layer's output (the residual stream after the layer; for decoders before the final norm) as soon
 * as it is computed, so callers can pool it ({@link MeanPool}) instead of keeping every layer of every token. Every
 * backbone's forward pass reports through this one interface.
 */
@FunctionalInterface
public interface LayerSink {

    /**
     * @param layer    layer index, 0 first
     * @param segment  which input (sequence or segment) of the forward call
     * @param x        the activations; row t of the segment is {@code x[offset + t * hidden .. + hidden)}
     * @param offset   where the segment's first row starts
     * @param rows     the segment's token count
     */
    void accept(int layer, int segment, float[] x, int offset, int rows);
}
