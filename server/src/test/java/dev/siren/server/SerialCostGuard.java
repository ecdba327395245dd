package dev.siren.server;

import dev.siren.guard.Guard;
import dev.siren.guard.PreparedText;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A guard whose cost is controlled: a token is a whitespace-separated word, and scoring (a batch, or a stream
 * append) takes {@code nanosPerToken} per token on one shared device: like a saturated machine, it does one piece of
 * work at a time, so whatever runs beside the scheduler's workers competes with them. Records each batch's tokens.
 */
final class SerialCostGuard implements Guard {

    /** Held while the device works; a test holds it to keep work queued. */
    final Object device = new Object();
    final List<Integer> batchTokens = Collections.synchronizedList(new ArrayList<>());
    private final long nanosPerToken;

    SerialCostGuard(long nanosPerToken) {
        this.nanosPerToken = nanosPerToken;
    }

    static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 1 : t.split("\\s+").length;
    }

    static String words(int n) {
        return "word ".repeat(n).strip();
    }

    @Override
    public PreparedText prepare(String text) {
        return PreparedText.of(text, words(text));
    }

    @Override
    public double defaultThreshold() {
        return 0.5;
    }

    @Override
    public ScoreResult score(String text, double threshold) {
        return scoreBatch(List.of(text), threshold).getFirst();
    }

    @Override
    public List<ScoreResult> scoreBatch(List<String> texts, double threshold) {
        int tokens = texts.stream().mapToInt(SerialCostGuard::words).sum();
        work(tokens);
        batchTokens.add(tokens);
        return texts.stream().map(t -> ScoreResult.of(0.1, threshold)).toList();
    }

    private void work(int tokens) {
        synchronized (device) {
            LockSupport.parkNanos(nanosPerToken * tokens);
        }
    }

    @Override
    public StreamSession newStream() {
        return new StreamSession() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public ScoreResult append(String chunk) {
                return append(chunk, defaultThreshold());
            }

            @Override
            public ScoreResult append(String chunk, double threshold) {
                work(words(chunk));
                text.append(chunk);
                return ScoreResult.of(0.1, threshold);
            }

            @Override
            public String text() {
                return text.toString();
            }

            @Override
            public int tokenCount() {
                return words(text.toString());
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String describe() {
        return "serial-cost guard";
    }

    @Override
    public void close() {
    }
}
