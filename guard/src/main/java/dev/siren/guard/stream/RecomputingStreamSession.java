package dev.siren.guard.stream;

import dev.siren.engine.Backbone;
import dev.siren.guard.TextContract;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;
import dev.siren.guard.TokenEncoder;
import dev.siren.guard.TokenLimitException;
import dev.siren.guard.head.SirenHead;

import java.util.List;

/**
 * A stream over a bidirectional backbone (BERT): every token's layer outputs depend on the tokens after it, so
 * nothing can be reused and each append re-runs the whole text so far, costing time proportional to its length.
 * Like the incremental session it is not cut at the head's max_length, only at the token cap (and the backbone's
 * position limit).
 */
public final class RecomputingStreamSession implements StreamSession {

    private final Backbone backbone;
    private final SirenHead head;
    private final TokenEncoder encoder;
    private final double defaultThreshold;
    private final int tokenCap;
    private final StringBuilder text = new StringBuilder();
    private int tokenCount;
    private boolean closed;

    public RecomputingStreamSession(Backbone backbone, SirenHead head, TokenEncoder encoder, double defaultThreshold,
                                    int tokenCap) {
        this.backbone = backbone;
        this.head = head;
        this.encoder = encoder;
        this.defaultThreshold = defaultThreshold;
        this.tokenCap = tokenCap;
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
        String candidate = text + chunk;
        int[] ids = encoder.encode(TextContract.prepare(candidate), true);
        if (ids.length > tokenCap) {
            throw new TokenLimitException("the stream reached " + ids.length + " tokens, past its cap of " + tokenCap
                    + " tokens (raise GuardOptions.streamTokenCap or start a new stream)", tokenCap);
        }
        float[][] means = backbone.layerMeans(List.of(ids))[0];
        text.append(chunk);
        tokenCount = ids.length;
        return ScoreResult.of(head.score(means), threshold);
    }

    @Override
    public String text() {
        return text.toString();
    }

    @Override
    public int tokenCount() {
        return tokenCount;
    }

    @Override
    public void close() {
        closed = true;
    }
}
