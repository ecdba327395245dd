package dev.siren.guard.testkit;

import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;

import java.util.List;

/**
 * A guard that passes each of {@link Guard}'s abstract methods to another, for tests that change one behaviour by
 * overriding it. The default methods ({@code prepare}, {@code scorePrepared}, conversations, ...) are not forwarded:
 * they run on top of this guard's {@code scoreBatch}, so an overridden {@code scoreBatch} changes every scoring path.
 */
public class ForwardingGuard implements Guard {

    private final Guard inner;

    public ForwardingGuard(Guard inner) {
        this.inner = inner;
    }

    /** The guard this one forwards to. */
    protected Guard inner() {
        return inner;
    }

    @Override
    public double defaultThreshold() {
        return inner.defaultThreshold();
    }

    @Override
    public ScoreResult score(String text, double threshold) {
        return inner.score(text, threshold);
    }

    @Override
    public List<ScoreResult> scoreBatch(List<String> texts, double threshold) {
        return inner.scoreBatch(texts, threshold);
    }

    @Override
    public StreamSession newStream() {
        return inner.newStream();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
