package dev.siren.cli;

import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;
import dev.siren.guard.testkit.ForwardingGuard;
import dev.siren.guard.testkit.ForwardingStreamSession;
import dev.siren.guard.testkit.KeywordGuard;

import java.util.List;

/**
 * A {@link KeywordGuard} that breaks on cue: a text containing "garbled" makes the model compute NaN (as corrupt
 * weights would; {@link ScoreResult} turns that into a ScoringException), one containing "crash" fails outright.
 */
final class FaultyGuard extends ForwardingGuard {

    private final KeywordGuard keywords;

    FaultyGuard() {
        this(KeywordGuard.standard());
    }

    private FaultyGuard(KeywordGuard keywords) {
        super(keywords);
        this.keywords = keywords;
    }

    @Override
    public ScoreResult score(String text, double threshold) {
        return scoreBatch(List.of(text), threshold).getFirst();
    }

    @Override
    public List<ScoreResult> scoreBatch(List<String> texts, double threshold) {
        return texts.stream().map(text -> {
            if (text.contains("crash")) {
                throw new IllegalStateException("the backbone crashed");
            }
            return ScoreResult.of(text.contains("garbled") ? Double.NaN : keywords.rawScore(text), threshold);
        }).toList();
    }

    /** A stream that computes NaN once "mangled" has arrived (scoring the whole text at once does not). */
    @Override
    public StreamSession newStream() {
        return new ForwardingStreamSession(super.newStream(), defaultThreshold()) {
            @Override
            public ScoreResult append(String chunk, double threshold) {
                ScoreResult result = super.append(chunk, threshold);
                return text().contains("mangled") ? ScoreResult.of(Double.NaN, threshold) : result;
            }
        };
    }

    @Override
    public String describe() {
        return "faulty-guard";
    }
}
