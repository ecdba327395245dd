package dev.siren.guard.stream;

import dev.siren.engine.Backbone;
import dev.siren.engine.IncrementalSequence;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;
import dev.siren.guard.TokenEncoder;
import dev.siren.guard.head.SirenHead;

/**
 * A stream over a causal backbone: the backbone keeps a KV cache and running per-layer sums, so each append runs
 * only the new tokens (plus the few trailing tokens whose ids changed because the chunk split a word).
 * The score is always that of the whole text so far, not cut at the head's max_length; the session's token cap
 * bounds memory instead.
 */
public final class IncrementalStreamSession implements StreamSession {

    /**
     * Trailing tokens the backbone keeps ready to roll back. A chunk that splits a word changes a handful of
     * tokens; the window costs {@code layers x hidden} floats per token in every session (7 MB for Qwen3-0.6B), so
     * it is kept small, and the rare longer change replays the sequence instead (correct, but O(length)).
     */
    static final int ROLLBACK_WINDOW = 64;

    private final Backbone backbone;
    private final SirenHead head;
    private final double defaultThreshold;
    private final int tokenCap;
    private final GrowingTokenization tokens;
    private IncrementalSequence sequence;
    private boolean closed;

    public IncrementalStreamSession(Backbone backbone, SirenHead head, TokenEncoder encoder, double defaultThreshold,
                                    int tokenCap) {
        if (!backbone.isCausal()) {
            throw new IllegalArgumentException("incremental streaming needs a causal backbone");
        }
        this.backbone = backbone;
        this.head = head;
        this.defaultThreshold = defaultThreshold;
        this.tokenCap = tokenCap;
        this.tokens = new GrowingTokenization(encoder, SpecialTokens.of(encoder), tokenCap);
        this.sequence = backbone.newSequence(tokenCap, ROLLBACK_WINDOW);
    }

    @Override
    public ScoreResult append(String chunk) {
        return append(chunk, defaultThreshold);
    }

    @Override
    public ScoreResult append(String chunk, double threshold) {
        if (closed) {
            throw new IllegalStateException("the stream session is closed");
        }
        GrowingTokenization.Change change = tokens.append(chunk);
        try {
            if (change.rollback() > ROLLBACK_WINDOW) {
                restart(); // rare: the tail never stabilised; replay everything rather than fail
            } else {
                if (change.rollback() > 0) {
                    sequence.rollback(change.rollback());
                }
                if (change.append().length > 0) {
                    sequence.append(change.append());
                }
            }
        } catch (RuntimeException e) {
            close(); // the backbone's state no longer matches the text: this session cannot go on
            throw e;
        }
        return ScoreResult.of(head.score(sequence.layerMeans()), threshold);
    }

    private void restart() {
        sequence.close();
        sequence = backbone.newSequence(tokenCap, ROLLBACK_WINDOW);
        sequence.append(tokens.ids());
    }

    @Override
    public String text() {
        return tokens.text();
    }

    @Override
    public int tokenCount() {
        return tokens.length();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sequence.close();
        }
    }
}
