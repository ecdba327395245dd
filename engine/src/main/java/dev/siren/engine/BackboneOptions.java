package dev.siren.engine;

/**
 * How a backbone runs.
 *
 * @param threads        compute threads (the caller's thread counts as one)
 * @param maxStepTokens  most tokens run through the layers at once; bounds activation memory
 *                       (longer inputs are processed in chunks)
 */
public record BackboneOptions(int threads, int maxStepTokens) {

    public BackboneOptions {
        if (threads < 1 || maxStepTokens < 1) {
            throw new IllegalArgumentException("threads and maxStepTokens must be at least 1");
        }
    }

    /** All available cores, steps of up to 1024 tokens. */
    public static BackboneOptions defaults() {
        return new BackboneOptions(Runtime.getRuntime().availableProcessors(), 1024);
    }

    public BackboneOptions withThreads(int n) {
        return new BackboneOptions(n, maxStepTokens);
    }
}
