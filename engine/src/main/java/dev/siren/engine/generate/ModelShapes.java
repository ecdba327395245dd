package dev.siren.engine.generate;

import dev.siren.engine.config.DecoderConfig;
import dev.siren.engine.config.RopeConfig;

import java.util.Map;
import java.util.TreeMap;

/** Shapes of real models, for random-weight benchmark models (the sizes are those of the published config.json files). */
public final class ModelShapes {

    private static final Map<String, DecoderConfig> SHAPES = new TreeMap<>(Map.of(
            "qwen3-0.6b", new DecoderConfig("qwen3", 1024, 28, 16, 8, 128, 3072, 151936, 1e-6, 40960,
                    true, false, false, false, true, RopeConfig.plain(1_000_000), new int[28]),
            "qwen3-4b", new DecoderConfig("qwen3", 2560, 36, 32, 8, 128, 9728, 151936, 1e-6, 40960,
                    true, false, false, false, true, RopeConfig.plain(1_000_000), new int[36]),
            "llama3.2-1b", new DecoderConfig("llama", 2048, 16, 32, 8, 64, 8192, 128256, 1e-5, 131072,
                    true, false, false, false, false, new RopeConfig(500_000, "llama3", 32, 1, 4, 8192), new int[16]),
            "llama3.1-8b", new DecoderConfig("llama", 4096, 32, 32, 8, 128, 14336, 128256, 1e-5, 131072,
                    false, false, false, false, false, new RopeConfig(500_000, "llama3", 8, 1, 4, 8192), new int[32])));

    private ModelShapes() {
    }

    public static Iterable<String> names() {
        return SHAPES.keySet();
    }

    public static DecoderConfig named(String name) {
        DecoderConfig c = SHAPES.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown shape '" + name + "' (known: " + String.join(", ", SHAPES.keySet()) + ")");
        }
        return c;
    }
}
