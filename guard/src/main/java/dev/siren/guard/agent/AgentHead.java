package dev.siren.guard.agent;

import java.util.Objects;

/**
 * An Agent-SIREN head: one linear readout, {@code score = sigmoid(x . weight + bias)}, of the last token's hidden
 * state {@code hiddenState} (Hugging Face {@code hidden_states} numbering, 0 = the embeddings) of a decoder, over a
 * conversation rendered with the backbone's chat template and cut head-and-tail to {@code maxTokens} tokens. The
 * training standardizer is folded into the weights, so the raw state goes in.
 *
 * @param backboneId       Hugging Face repo id or folder of the backbone the head reads
 * @param backboneRevision the repo commit the head was trained against, or null when unknown
 */
public record AgentHead(String backboneId, String backboneRevision, int hiddenState, int maxTokens, float[] weight,
                        float bias, double threshold) {

    /** The input length of the published Agent-SIREN heads. */
    public static final int DEFAULT_MAX_TOKENS = 16_384;

    public AgentHead {
        Objects.requireNonNull(backboneId, "backbone id");
        if (hiddenState < 1) {
            throw new IllegalArgumentException("hidden state must be 1 or more (0 is the embeddings), got " + hiddenState);
        }
        if (maxTokens < 2) {
            throw new IllegalArgumentException("max tokens must be 2 or more, got " + maxTokens);
        }
        if (weight.length == 0) {
            throw new IllegalArgumentException("the readout has no weights");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must lie in [0, 1], got " + threshold);
        }
    }

    public int hiddenSize() {
        return weight.length;
    }

    /** The harmfulness score of one last-token state. */
    public double score(float[] state) {
        if (state.length != weight.length) {
            throw new IllegalArgumentException("state of " + state.length + " values for a head of " + weight.length);
        }
        double logit = bias;
        for (int i = 0; i < weight.length; i++) {
            logit += (double) weight[i] * state[i];
        }
        return 1 / (1 + Math.exp(-logit));
    }

    /**
     * The ids a head reads: all of them when they fit in {@code limit}, else the first {@code limit / 2} and the last
     * {@code limit - limit / 2} (the request and the latest steps of a long trajectory both stay in view).
     */
    public static int[] headAndTail(int[] ids, int limit) {
        if (ids.length <= limit) {
            return ids;
        }
        int head = limit / 2;
        int[] kept = new int[limit];
        System.arraycopy(ids, 0, kept, 0, head);
        System.arraycopy(ids, ids.length - (limit - head), kept, head, limit - head);
        return kept;
    }

    public String describe() {
        return "Agent-SIREN head over " + backboneId + (backboneRevision == null ? "" : "@" + backboneRevision)
                + ": linear readout of the last token's hidden state " + hiddenState + " (" + weight.length
                + " values), conversations cut head-and-tail to " + maxTokens + " tokens";
    }
}
