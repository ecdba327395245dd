package dev.siren.spark;

import dev.siren.guard.Guard;
import dev.siren.guard.GuardOptions;
import dev.siren.guard.SirenGuard;
import dev.siren.guard.hub.DownloadProgress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The guards of this JVM (a Spark executor, or the driver in local mode), each loaded once, on first use, and shared
 * by every task: a guard is thread-safe and its weights are large. Never serialized: tasks carry only the guard's
 * name.
 */
public final class GuardCache {

    private static final Map<String, Guard> GUARDS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private GuardCache() {
    }

    /** The guard named {@code spec} (see {@link GuardLocation}), loaded now if this JVM has not loaded it yet. */
    public static Guard get(String spec) {
        return GUARDS.computeIfAbsent(spec, GuardCache::load);
    }

    /** How many guards this JVM has loaded. */
    public static int loads() {
        return LOADS.get();
    }

    private static Guard load(String spec) {
        LOADS.incrementAndGet();
        // One compute thread per guard call: Spark runs one task per executor core, and each task scores its own
        // batches, so the cores are busy without the engine's threads competing with the tasks'. Batches are cut
        // by the caller (the scorer's batchSize), not again by the guard.
        GuardOptions options = GuardOptions.defaults().withThreads(1).withBatchSize(Integer.MAX_VALUE)
                .withProgress(DownloadProgress.none());
        return SirenGuard.fromPretrained(GuardLocation.resolve(spec), options);
    }

    /** Puts a ready guard under a name (tests: a guard that misbehaves on purpose). */
    static void put(String spec, Guard guard) {
        GUARDS.put(spec, guard);
    }
}
