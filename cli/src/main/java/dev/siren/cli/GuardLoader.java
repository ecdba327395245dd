package dev.siren.cli;

import dev.siren.guard.Guard;
import dev.siren.guard.GuardOptions;
import dev.siren.guard.Guards;

/**
 * Resolves a {@code --guard} argument to a loaded guard: a head directory or a Hugging Face repository id
 * ({@code default} is meant to name the guard shipped with SIREN). Commands take a loader so that tests can
 * hand them a fake guard.
 */
@FunctionalInterface
public interface GuardLoader {

    /**
     * Loads the guard; a name or path that does not resolve is a {@link CliException}.
     *
     * @param threads backbone threads, 0 for all cores
     */
    Guard load(String nameOrPath, int threads);

    /** The loader the {@code siren} command uses: {@link Guards#fromPretrained(String, GuardOptions)} (SIREN or Agent-SIREN heads). */
    static GuardLoader pretrained() {
        return (nameOrPath, threads) -> {
            try {
                return Guards.fromPretrained(nameOrPath, GuardOptions.defaults().withThreads(threads));
            } catch (RuntimeException e) { // bad folder, bad head, download refused: all say what to fix
                throw new CliException("cannot load guard '" + nameOrPath + "': " + e.getMessage(), e);
            }
        };
    }
}
