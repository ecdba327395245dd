package dev.siren.guard.head;

import dev.siren.engine.ModelInfo;

import java.util.Objects;

/**
 * The frozen backbone a head was trained on. A head only makes sense on exactly this backbone: its neuron indices
 * point into that model's residual stream.
 *
 * @param id           Hugging Face repo id (e.g. "Qwen/Qwen3-0.6B"), a local path, or an embedded backbone name
 * @param revision     the repo commit the head was trained against, or null when unknown
 * @param architecture e.g. "qwen3", "llama", "bert"
 * @param numLayers    number of transformer layers (one pooled vector each)
 * @param hiddenSize   width of the residual stream
 */
public record BackboneRef(String id, String revision, String architecture, int numLayers, int hiddenSize) {

    public BackboneRef {
        Objects.requireNonNull(id, "backbone id");
        Objects.requireNonNull(architecture, "backbone architecture");
        if (numLayers <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("backbone needs positive num_layers and hidden_size, got "
                    + numLayers + " and " + hiddenSize);
        }
    }

    /**
     * Fails with a message naming both sides when the loaded backbone cannot be the one the head was trained on.
     * The architecture name is compared loosely ("qwen3" matches "Qwen3ForCausalLM"), the shape exactly.
     */
    public void checkMatches(ModelInfo loaded) {
        boolean architectureMatches = loaded.architecture().toLowerCase().contains(architecture.toLowerCase())
                || architecture.toLowerCase().contains(loaded.architecture().toLowerCase());
        if (!architectureMatches || loaded.numLayers() != numLayers || loaded.hiddenSize() != hiddenSize) {
            throw new InvalidHeadException("backbone mismatch: the head was trained on " + describe()
                    + " but the backbone loaded from " + loaded.source() + " is " + loaded.architecture() + " with "
                    + loaded.numLayers() + " layers and hidden size " + loaded.hiddenSize());
        }
    }

    public String describe() {
        return id + (revision == null ? "" : "@" + revision) + " (" + architecture + ", " + numLayers
                + " layers, hidden size " + hiddenSize + ")";
    }
}
