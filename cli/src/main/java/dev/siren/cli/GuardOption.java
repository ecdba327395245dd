package dev.siren.cli;

import dev.siren.guard.Guard;
import dev.siren.guard.Guards;
import picocli.CommandLine.Option;

/** The {@code --guard} and {@code --threads} options of the commands that load a guard ({@code score}, {@code eval}, {@code serve}). */
public final class GuardOption {

    @Option(names = "--guard", defaultValue = "default", paramLabel = "NAME_OR_DIR", description = "The guard to load: " + Guards.SHIPPED_NAMES + " (shipped, docs/default-guard.md; 'tuned-stream' for answers scored as they stream), a head directory, or a Hugging Face repo id (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Threads the backbone computes on (default: all cores).")
    int threads;

    /** Loads the named guard with these options; a name or path that does not resolve is a {@link CliException}. */
    Guard load(GuardLoader loader) {
        if (threads < 0) {
            throw new CliException("--threads must be at least 1 (or 0 for all cores), got " + threads);
        }
        return loader.load(name, threads);
    }
}
