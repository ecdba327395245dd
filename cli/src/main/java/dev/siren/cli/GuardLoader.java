package dev.siren.cli;

import dev.siren.engine.ModelFormatException;
import dev.siren.guard.Guard;
import dev.siren.guard.SirenGuard;
import dev.siren.guard.head.InvalidHeadException;
import dev.siren.guard.hub.HubException;
import dev.siren.tokenizer.TokenizerException;

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
        // The single place that names the real guard factory.
        return nameOrPath -> {
            try {
                return SirenGuard.fromPretrained(nameOrPath);
            } catch (InvalidHeadException | HubException | ModelFormatException | TokenizerException
                     | IllegalArgumentException e) {
                throw new CliException("cannot load guard '" + nameOrPath + "': " + e.getMessage(), e);
            }
        };
    }
}
