package dev.siren.train.pipeline;

import dev.siren.guard.ScoreResult;

import java.nio.file.Path;

/**
 * How texts are read and the head is written, beside the training options.
 *
 * @param maxLength    tokens read per text, the first ones (the head's max_length)
 * @param threshold    the head's default decision threshold; dev sets are evaluated at it
 * @param batchSize    texts per backbone batch while extracting features
 * @param featureCache the feature cache folder, or null to extract without a cache
 */
public record PipelineSettings(int maxLength, double threshold, int batchSize, Path featureCache) {

    public PipelineSettings {
        if (maxLength < 2) throw new IllegalArgumentException("max length must be >= 2, got " + maxLength);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        ScoreResult.checkThreshold(threshold);
    }

    /** 512 tokens, threshold 0.5, batches of 32, no feature cache. */
    public static PipelineSettings defaults() {
        return new PipelineSettings(512, 0.5, 32, null);
    }
}
