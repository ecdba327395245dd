package dev.siren.spark;

import dev.siren.guard.Guard;
import dev.siren.guard.GuardOptions;
import dev.siren.guard.SirenGuard;
import dev.siren.guard.progress.Progress;

/** The guards of this JVM, by name ({@link GuardLocation}), each loaded once on first use. */
public final class GuardCache {

    private static final JvmShared<Guard> GUARDS = new JvmShared<>(GuardCache::load);

    private GuardCache() {
    }

    /** The guard named {@code spec}, loaded now if this JVM has not loaded it yet. */
    public static Guard get(String spec) {
        return GUARDS.get(spec);
    }

    /** How many times this JVM has loaded the guard named {@code spec}. */
    public static int loads(String spec) {
        return GUARDS.loads(spec);
    }

    private static Guard load(String spec) {
        // One compute thread per guard call: Spark runs one task per executor core, and each task scores its own
        // batches, so the cores are busy without the engine's threads competing with the tasks'. Batches are cut
        // by the caller (the scorer's batchSize), not again by the guard.
        GuardOptions options = GuardOptions.defaults().withThreads(1).withBatchSize(Integer.MAX_VALUE)
                .withProgress(Progress.NONE);
        return SirenGuard.fromPretrained(GuardLocation.resolve(spec), options);
    }

    /** Puts a ready guard under a name (tests: a guard that misbehaves on purpose). */
    static void put(String spec, Guard guard) {
        GUARDS.put(spec, guard);
    }
}
