package dev.siren.server;

import dev.siren.guard.Guard;
import dev.siren.guard.PairStream;
import dev.siren.guard.PreparedText;
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
 * Opening (which reads the prompt) and appending run on the {@link MicroBatcher}'s workers in their client's fair
 * turn, so sessions share the guard with scoring requests instead of competing with them for the cores.
 * Caps: at most {@code maxSessions} open and {@code maxClientSessions} per client (429 beyond), at most
 * {@code maxSessionTokens} tokens each (the session ends when an append grows past it), and a session idle longer
 * than {@code sessionIdleTimeout} is closed.
 */
final class SessionRegistry implements AutoCloseable {

    /** The answer to one append. */
    record Appended(ScoreResult result, int tokens) {
    }

    private static final class Session {
        final PairStream stream;
        final String client; // who opened it, and whose share it counts against
        volatile long lastUsedNanos;
        boolean closed; // guarded by this

        Session(PairStream stream, String client, long now) {
            this.stream = stream;
            this.client = client;
            this.lastUsedNanos = now;
        }
    }

    private final Guard guard;
    private final MicroBatcher scheduler;
    private final int maxSessions;
    private final int maxClientSessions;
    private final int maxTokens;
    private final long idleNanos;
    private final LongSupplier clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private final Map<String, Integer> perClient = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService sweeper;

    SessionRegistry(Guard guard, ServerConfig config, MicroBatcher scheduler, LongSupplier nanoClock) {
        this.guard = guard;
        this.scheduler = scheduler;
        this.maxSessions = config.maxSessions();
        this.maxClientSessions = config.maxClientSessions();
        this.maxTokens = config.maxSessionTokens();
        this.idleNanos = config.sessionIdleTimeout().toNanos();
        this.clock = nanoClock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("siren-session-sweeper").daemon().factory());
        long period = Math.max(10, config.sessionIdleTimeout().toMillis() / 4);
        sweeper.scheduleAtFixedRate(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** Opens a session for {@code client}, optionally in the context of a prompt; returns its id. */
    String open(String client, String prompt) {
        reserve(client);
        PairStream stream;
        try {
            stream = scheduler.runStep(client, PreparedText.estimated(prompt == null ? "" : prompt).tokens(),
                    () -> PairStream.open(guard, prompt));
        } catch (RuntimeException e) {
            unreserve(client);
            throw e;
        }
        if (stream.tokenCount() > maxTokens) {
            stream.close();
            unreserve(client);
            throw ApiException.tooLarge("session_token_limit", "prompt",
                    "The prompt alone has more than the " + maxTokens + " tokens a session may hold.");
        }
        String id = newId();
        sessions.put(id, new Session(stream, client, clock.getAsLong()));
        return id;
    }

    /** Appends a chunk to a session and scores the whole text so far, as {@code client}'s work. */
    Appended append(String client, String id, String chunk, double threshold) {
        Session session = find(id);
        return scheduler.runStep(client, PreparedText.estimated(chunk).tokens(),
                () -> appendNow(id, session, chunk, threshold));
    }

    private Appended appendNow(String id, Session session, String chunk, double threshold) {
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
        unreserve(session.client);
        return true;
    }

    /** Takes a slot for a new session of {@code client}, or fails with 429 when it or the service has none left. */
    private void reserve(String client) {
        boolean[] granted = {false};
        perClient.compute(client, (k, open) -> {
            int n = open == null ? 0 : open;
            granted[0] = n < maxClientSessions;
            return granted[0] ? n + 1 : open;
        });
        if (!granted[0]) {
            throw ApiException.overloaded("too_many_client_sessions", "This client has " + maxClientSessions
                    + " stream sessions open, the most one client may; close one or retry later.");
        }
        if (reserved.incrementAndGet() > maxSessions) {
            unreserve(client);
            throw ApiException.overloaded("too_many_sessions",
                    "All " + maxSessions + " stream sessions are in use; close one or retry later.");
        }
    }

    private void unreserve(String client) {
        reserved.decrementAndGet();
        perClient.computeIfPresent(client, (k, open) -> open > 1 ? open - 1 : null);
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
