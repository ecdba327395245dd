package dev.siren.server;

import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;

import java.util.List;

/** A guard that passes every call to another, for tests that change one behaviour. */
class DelegatingGuard implements Guard {

    private final Guard inner;

    DelegatingGuard(Guard inner) {
        this.inner = inner;
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
