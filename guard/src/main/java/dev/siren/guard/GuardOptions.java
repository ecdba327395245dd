package dev.siren.guard;

import dev.siren.guard.hub.HubSettings;
import dev.siren.guard.progress.Progress;

/**
 * Settings for {@link SirenGuard#fromPretrained(String, GuardOptions)}. Start from {@link #defaults()} and
 * change what you need with the {@code with...} methods.
 *
 * @param revision       revision of the head repo to download (branch, tag or commit); "main" by default
 * @param backbone       a backbone to use instead of the one the head names (a local folder or a repo id), e.g. a
 *                       local copy of the model; null to use the head's
 * @param threshold      decision threshold used when a call names none; null for the head's default
 * @param batchSize      texts per backbone batch in {@link SirenGuard#scoreBatch}
 * @param streamTokenCap most tokens a stream session may hold (also bounded by the backbone's position limit)
 * @param threads        threads of the backbone (a model folder or an embedded encoder); 0 for all available cores
 * @param hub            Hub endpoint, token, cache and offline mode; null to read the HF_* environment variables
 * @param progress       where download progress goes ({@link Progress#NONE} for silence)
 */
public record GuardOptions(String revision, String backbone, Double threshold, int batchSize, int streamTokenCap,
                           int threads, HubSettings hub, Progress progress) {

    public static final int DEFAULT_BATCH_SIZE = 16;
    public static final int DEFAULT_STREAM_TOKEN_CAP = 32_768;

    public GuardOptions {
        if (revision == null || revision.isBlank()) {
            throw new IllegalArgumentException("revision must not be empty");
        }
        if (threshold != null) {
            ScoreResult.checkThreshold(threshold);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (streamTokenCap <= 0) {
            throw new IllegalArgumentException("streamTokenCap must be positive, got " + streamTokenCap);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        if (progress == null) {
            progress = Progress.NONE;
        }
    }

    public static GuardOptions defaults() {
        return new GuardOptions("main", null, null, DEFAULT_BATCH_SIZE, DEFAULT_STREAM_TOKEN_CAP, 0, null,
                Progress.console());
    }

    public GuardOptions withRevision(String revision) {
        return new GuardOptions(revision, backbone, threshold, batchSize, streamTokenCap, threads, hub, progress);
    }

    public GuardOptions withBackbone(String backbone) {
        return new GuardOptions(revision, backbone, threshold, batchSize, streamTokenCap, threads, hub, progress);
    }

    public GuardOptions withThreshold(double threshold) {
        return new GuardOptions(revision, backbone, threshold, batchSize, streamTokenCap, threads, hub, progress);
    }

    public GuardOptions withBatchSize(int batchSize) {
        return new GuardOptions(revision, backbone, threshold, batchSize, streamTokenCap, threads, hub, progress);
    }

    public GuardOptions withStreamTokenCap(int streamTokenCap) {
        return new GuardOptions(revision, backbone, threshold, batchSize, streamTokenCap, threads, hub, progress);
    }

    public GuardOptions withThreads(int threads) {
        return new GuardOptions(revision, backbone, threshold, batchSize, streamTokenCap, threads, hub, progress);
    }

    public GuardOptions withHub(HubSettings hub) {
        return new GuardOptions(revision, backbone, threshold, batchSize, streamTokenCap, threads, hub, progress);
    }

    public GuardOptions withProgress(Progress progress) {
        return new GuardOptions(revision, backbone, threshold, batchSize, streamTokenCap, threads, hub, progress);
    }
}
