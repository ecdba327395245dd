package dev.siren.guard.agent;

/** Names in an Agent-SIREN head folder (the same two files as a SIREN head: siren_config.json, siren.safetensors). */
final class AgentHeadFiles {

    /** The "format" of the heads this project writes. */
    static final String FORMAT = "siren-java-agent-head";
    static final int FORMAT_VERSION = 1;
    static final String WEIGHT = "head.weight";
    static final String BIAS = "head.bias";

    private AgentHeadFiles() {
    }
}
