package dev.siren.engine;

/**
 * What a backbone is.
 *
 * @param architecture  e.g. "qwen3", "llama", "bert"
 * @param numLayers     decoder/encoder layers (one SIREN feature vector each)
 * @param hiddenSize    width of the residual stream
 * @param maxPositions  the longest input the position encoding supports
 * @param source        where the weights came from (folder, jar, repo id), for provenance and errors
 */
public record ModelInfo(String architecture, int numLayers, int hiddenSize, int maxPositions, String source) {
}
