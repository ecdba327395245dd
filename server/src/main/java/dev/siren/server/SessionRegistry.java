package dev.siren.server;

import dev.siren.guard.Guard;
import dev.siren.guard.PairStream;
import dev.siren.guard.ScoreResult;
import dev.siren.guard.TokenLimitException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Open streaming sessions: each holds a {@link PairStream}, so appending a chunk costs the chunk, not the prefix.
 * Caps: at most {@code maxSessions} open (429 beyond), at most {@code maxSessionTokens} tokens each (the session
 * ends when an append grows past it), and a session idle longer than {@code sessionIdleTimeout} is closed.
 */
final class SessionRegistry implements AutoCloseable {

    /** The answer to one append. */
    record Appended(ScoreResult result, int tokens) {
    }

    private static final class Session {
        final PairStream stream;
        volatile long lastUsedNanos;
        boolean closed; // guarded by this

        Session(PairStream stream, long now) {
            this.stream = stream;
            this.lastUsedNanos = now;
        }
    }

    private final Guard guard;
    private final int maxSessions;
    private final int maxTokens;
    private final long idleNanos;
    private final LongSupplier clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService sweeper;

    SessionRegistry(Guard guard, ServerConfig config, LongSupplier nanoClock) {
        this.guard = guard;
        this.maxSessions = config.maxSessions();
        this.maxTokens = config.maxSessionTokens();
        this.idleNanos = config.sessionIdleTimeout().toNanos();
        this.clock = nanoClock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("siren-session-sweeper").daemon().factory());
        long period = Math.max(10, config.sessionIdleTimeout().toMillis() / 4);
        sweeper.scheduleAtFixedRate(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** Opens a session, optionally in the context of a prompt; returns its id. */
    String open(String prompt) {
        if (reserved.incrementAndGet() > maxSessions) {
            reserved.decrementAndGet();
            throw ApiException.overloaded("too_many_sessions",
                    "All " + maxSessions + " stream sessions are in use; close one or retry later.");
        }
        PairStream stream;
        try {
            stream = PairStream.open(guard, prompt);
        } catch (RuntimeException e) {
            reserved.decrementAndGet();
            throw e;
        }
        if (stream.tokenCount() > maxTokens) {
            stream.close();
            reserved.decrementAndGet();
            throw ApiException.tooLarge("session_token_limit", "prompt",
                    "The prompt alone has more than the " + maxTokens + " tokens a session may hold.");
        }
        String id = newId();
        sessions.put(id, new Session(stream, clock.getAsLong()));
        return id;
    }

    /** Appends a chunk to a session and scores the whole text so far. */
    Appended append(String id, String chunk, double threshold) {
        Session session = find(id);
        synchronized (session) {
            if (session.closed) {
                throw unknown(id);
            }
            session.lastUsedNanos = clock.getAsLong();
            ScoreResult result;
            try {
                result = session.stream.append(chunk, threshold);
            } catch (TokenLimitException e) { // the guard's own cap, when it is below --max-session-tokens
                close(id);
                throw ApiException.tooLarge("session_token_limit", "text",
                        "The session would pass the guard's limit of " + e.limit() + " tokens; it has been closed.");
            } catch (IllegalArgumentException e) { // the guard refused the text for another reason
                close(id);
                throw ApiException.invalid("invalid_input", "text",
                        "The guard cannot score this chunk: " + e.getMessage() + "; the session has been closed.");
            }
            int tokens = session.stream.tokenCount();
            if (tokens > maxTokens) {
                close(id);
                throw ApiException.tooLarge("session_token_limit", "text",
                        "The session now holds " + tokens + " tokens, over the limit of " + maxTokens
                                + "; it has been closed.");
            }
            return new Appended(result, tokens);
        }
    }

    /** Closes a session; unknown ids are a 404. */
    void closeOrFail(String id) {
        if (!close(id)) {
            throw unknown(id);
        }
    }

    int openCount() {
        return sessions.size();
    }

    void closeIdle() {
        long now = clock.getAsLong();
        sessions.forEach((id, session) -> {
            if (now - session.lastUsedNanos > idleNanos) {
                close(id);
            }
        });
    }

    private boolean close(String id) {
        Session session = sessions.remove(id);
        if (session == null) {
            return false;
        }
        synchronized (session) { // waits for an append in progress
            session.closed = true;
            session.stream.close();
        }
        reserved.decrementAndGet();
        return true;
    }

    private Session find(String id) {
        Session session = sessions.get(id);
        if (session == null) {
            throw unknown(id);
        }
        return session;
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("session_not_found", "session_id",
                "No open stream session '" + id + "' (it was closed, expired after being idle, or never existed).");
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "sess_" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        sessions.keySet().forEach(this::close);
    }
}
