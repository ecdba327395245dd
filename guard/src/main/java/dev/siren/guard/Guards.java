package dev.siren.guard;

/**
 * Loads whichever guard a head folder or Hub repo holds: a SIREN head ({@link SirenGuard}, texts scored by pooled
 * layer means) or an Agent-SIREN head ({@link dev.siren.guard.agent.AgentSirenGuard}, conversations scored by a
 * last-token readout). The head's files tell them apart (docs/agent-siren.md).
 */
public final class Guards {

    /** The shipped guards' names, as command-line help lists them (a constant, so that annotations can use it). */
    public static final String SHIPPED_NAMES = "'default', 'tuned' or 'tuned-stream'";

    private Guards() {
    }

    /** Whether {@code name} names a guard that ships inside siren-guard ({@link #SHIPPED_NAMES}), not a folder or repo. */
    public static boolean isShipped(String name) {
        return ShippedGuard.isShipped(name);
    }

    public static Guard fromPretrained(String repoIdOrPath) {
        return fromPretrained(repoIdOrPath, GuardOptions.defaults());
    }

    /**
     * Loads the head and the backbone it names, as {@link SirenGuard#fromPretrained(String, GuardOptions)} does.
     *
     * @throws dev.siren.guard.head.InvalidHeadException for a head that cannot be read or does not fit its backbone
     */
    public static Guard fromPretrained(String repoIdOrPath, GuardOptions options) {
        SirenGuard.requireVectorModule();
        return GuardResolver.loadAny(repoIdOrPath, options, new EngineModelOpener());
    }
}
