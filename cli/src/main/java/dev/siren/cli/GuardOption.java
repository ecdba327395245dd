package dev.siren.cli;

import picocli.CommandLine.Option;

/** The {@code --guard} option of the commands that load a guard ({@code score}, {@code eval}, {@code serve}). */
public final class GuardOption {

    @Option(names = "--guard", defaultValue = "default", paramLabel = "NAME_OR_DIR", description = "The guard to load: 'default' (shipped), a head directory, or a Hugging Face repo id (default: ${DEFAULT-VALUE}).")
    String name;
}
