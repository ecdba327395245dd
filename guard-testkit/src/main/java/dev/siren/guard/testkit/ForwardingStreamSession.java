package dev.siren.guard.testkit;

import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;

/**
 * A stream session that passes every call to another, for tests that change one behaviour by overriding it;
 * {@link #append(String)} goes through {@link #append(String, double)} with the threshold given at construction, so
 * overriding the latter changes both.
 */
public class ForwardingStreamSession implements StreamSession {

    private final StreamSession inner;
    private final double defaultThreshold;

    /** @param defaultThreshold the threshold {@link #append(String)} uses (the guard's default) */
    public ForwardingStreamSession(StreamSession inner, double defaultThreshold) {
        this.inner = inner;
        this.defaultThreshold = defaultThreshold;
    }

    @Override
    public ScoreResult append(String chunk) {
        return append(chunk, defaultThreshold);
    }

    @Override
    public ScoreResult append(String chunk, double threshold) {
        return inner.append(chunk, threshold);
    }

    @Override
    public String text() {
        return inner.text();
    }

    @Override
    public int tokenCount() {
        return inner.tokenCount();
    }

    @Override
    public void close() {
        inner.close();
    }
}
