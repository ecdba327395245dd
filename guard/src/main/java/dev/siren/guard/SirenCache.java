package dev.siren.guard;

import java.nio.file.Path;
import java.util.Map;

/**
 * The root folder of SIREN's own caches: {@code $SIREN_CACHE}, else {@code ~/.cache/siren}. Each kind of cached
 * data has its own subfolder ({@code heads/} for the shipped guard, {@code encoders/} for the ONNX files of embedded
 * encoders, {@code features/} for training features, {@code bench/} for generated benchmark models), so one variable
 * moves them all.
 */
public final class SirenCache {

    /** The environment variable naming the root. */
    public static final String ENV = "SIREN_CACHE";

    private SirenCache() {
    }

    /** The root for this process's environment and user. */
    public static Path root() {
        return root(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Path root(Map<String, String> env, Path home) {
        String siren = env.get(ENV);
        return siren != null && !siren.isBlank() ? Path.of(siren) : home.resolve(".cache").resolve("siren");
    }
}
