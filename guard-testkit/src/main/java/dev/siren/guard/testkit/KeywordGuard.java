package dev.siren.guard.testkit;

import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;
import dev.siren.guard.TokenLimitException;
import dev.siren.tokenizer.chat.Conversation;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A deterministic stand-in for a real guard: a text scores {@link #HARMFUL_SCORE} when it contains one of the
 * keywords (case-insensitive), {@link #CLEAN_SCORE} otherwise. "Tokens" are whitespace-separated words.
 * It can simulate model cost (a fixed time per batch call plus a time per text) so that batching and
 * timeouts can be exercised, and it records how it was called (batches, streams, the conversations it scored).
 */
public final class KeywordGuard implements Guard {

    public static final double HARMFUL_SCORE = 0.9;
    public static final double CLEAN_SCORE = 0.1;

    private final Set<String> keywords;
    private final Duration costPerCall;
    private final Duration costPerText;
    private final int streamTokenCap;
    private final AtomicInteger batchCalls = new AtomicInteger();
    private final AtomicInteger largestBatch = new AtomicInteger();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final List<Conversation> conversations = new CopyOnWriteArrayList<>();

    public KeywordGuard(Set<String> keywords, Duration costPerCall, Duration costPerText) {
        this(keywords, costPerCall, costPerText, Integer.MAX_VALUE);
    }

    /**
     * A guard whose stream sessions hold at most {@code streamTokenCap} whitespace-separated words, as a real guard's
     * hold at most its backbone's positions: an append past it throws {@link TokenLimitException}.
     */
    public KeywordGuard(Set<String> keywords, Duration costPerCall, Duration costPerText, int streamTokenCap) {
        this.keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.costPerCall = costPerCall;
        this.costPerText = costPerText;
        this.streamTokenCap = streamTokenCap;
    }

    /** A free guard that flags texts mentioning "bomb", "poison" or "kill". */
    public static KeywordGuard standard() {
        return new KeywordGuard(Set.of("bomb", "poison", "kill"), Duration.ZERO, Duration.ZERO);
    }

    /** The score this guard gives a text. */
    public double rawScore(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return keywords.stream().anyMatch(lower::contains) ? HARMFUL_SCORE : CLEAN_SCORE;
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
        batchCalls.incrementAndGet();
        largestBatch.accumulateAndGet(texts.size(), Math::max);
        LockSupport.parkNanos(costPerCall.toNanos() + costPerText.toNanos() * texts.size());
        return texts.stream().map(t -> ScoreResult.of(rawScore(t), threshold)).toList();
    }

    /** Scores the conversation as {@link Guard} does by default (its plain rendering), recording it. */
    @Override
    public ScoreResult scoreConversation(Conversation conversation, double threshold) {
        conversations.add(conversation);
        return Guard.super.scoreConversation(conversation, threshold);
    }

    @Override
    public StreamSession newStream() {
        openStreams.incrementAndGet();
        return new Stream();
    }

    @Override
    public int maxStreamTokens() {
        return streamTokenCap;
    }

    @Override
    public String describe() {
        return "keyword-guard" + keywords.stream().sorted().toList();
    }

    @Override
    public void close() {
    }

    /** How many times {@link #scoreBatch} ran (single scores count as batches of one). */
    public int batchCalls() {
        return batchCalls.get();
    }

    /** The largest batch {@link #scoreBatch} was given. */
    public int largestBatch() {
        return largestBatch.get();
    }

    /** The conversations {@link #scoreConversation} was given, oldest first. */
    public List<Conversation> conversations() {
        return List.copyOf(conversations);
    }

    /** Streams opened and not yet closed. */
    public int openStreams() {
        return openStreams.get();
    }

    private static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private final class Stream implements StreamSession {
        private final StringBuilder text = new StringBuilder();
        private boolean closed;

        @Override
        public ScoreResult append(String chunk) {
            return append(chunk, defaultThreshold());
        }

        @Override
        public ScoreResult append(String chunk, double threshold) {
            if (closed) {
                throw new IllegalStateException("stream is closed");
            }
            int words = words(text + chunk);
            if (words > streamTokenCap) {
                throw new TokenLimitException("the stream reached " + words + " tokens, past its cap of "
                        + streamTokenCap + " tokens", streamTokenCap);
            }
            text.append(chunk);
            return ScoreResult.of(rawScore(text.toString()), threshold);
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
            if (!closed) {
                closed = true;
                openStreams.decrementAndGet();
            }
        }
    }
}
