package dev.siren.server;

import dev.siren.guard.Guard;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Whether the guard can score at all: scores a fixed canary text and remembers the outcome for a short while, so a
 * guard whose weights give no valid score turns /ready to 503 instead of answering every request with a 500.
 */
final class GuardProbe {

    static final String CANARY = "SIREN readiness probe: a short harmless sentence.";

    private final Guard guard;
    private final long ttlNanos;
    private final LongSupplier clock;
    private long checkedAt;
    private Optional<String> problem;

    GuardProbe(Guard guard, Duration ttl, LongSupplier nanoClock) {
        this.guard = guard;
        this.ttlNanos = ttl.toNanos();
        this.clock = nanoClock;
    }

    /** Why the guard cannot score, or empty when the canary scored; re-checked after the ttl or a failure. */
    synchronized Optional<String> problem() {
        long now = clock.getAsLong();
        if (problem == null || now - checkedAt > ttlNanos) {
            problem = check();
            checkedAt = now;
        }
        return problem;
    }

    /** A live request just failed to score: the next /ready checks again instead of trusting the cached result. */
    synchronized void invalidate() {
        problem = null;
    }

    private Optional<String> check() {
        try {
            guard.score(CANARY);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the guard cannot score: " + e.getMessage());
        }
    }
}
