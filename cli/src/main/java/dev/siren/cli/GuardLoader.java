package dev.siren.cli;

import dev.siren.guard.Guard;

/**
 * Resolves a {@code --guard} argument to a loaded guard: {@code default} names the guard shipped with SIREN,
 * anything else is a head directory or a Hugging Face repository id. Commands take a loader so that tests can
 * hand them a fake guard.
 */
@FunctionalInterface
public interface GuardLoader {

    /** Loads the guard; a name or path that does not resolve is a {@link CliException}. */
    Guard load(String nameOrPath);

    /** The loader the {@code siren} command uses. */
    static GuardLoader pretrained() {
        // The single place that names the real guard factory (SirenGuard.fromPretrained, from the guard module).
        return nameOrPath -> {
            throw new CliException("cannot load guard '" + nameOrPath
                    + "': this build does not include SirenGuard yet (the guard module provides it)");
        };
    }
}
