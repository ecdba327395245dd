package dev.siren.engine;

import dev.siren.engine.bert.BertEncoder;
import dev.siren.engine.config.ModelConfigFile;
import dev.siren.engine.decoder.DecoderBackbone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens a backbone from a Hugging Face model folder, choosing the implementation by config.json's
 * {@code model_type}, or an encoder embedded in a jar on the class path by its name
 * ({@link dev.siren.engine.bert.EmbeddedBertModel}).
 * To add an architecture, add its {@code model_type} and loader to {@link #LOADERS}.
 */
public final class Backbones {

    /** How to build a backbone from a folder. */
    @FunctionalInterface
    public interface Loader {
        Backbone open(Path dir, BackboneOptions options);
    }

    private static final Map<String, Loader> LOADERS = new TreeMap<>(Map.of(
            "qwen3", Backbones::decoder,
            "qwen2", Backbones::decoder,
            "llama", Backbones::decoder,
            "mistral", Backbones::decoder,
            "bert", BertEncoder::open));

    private Backbones() {
    }

    /**
     * Opens a model folder or else an embedded encoder by name ("all-minilm-l6-v2", "bge-small-en-v1.5",
     * "e5-small-v2"), with default options (all available cores); {@link BackboneLocation#resolve} reads the name.
     */
    public static Backbone open(String nameOrDir) {
        return open(nameOrDir, BackboneOptions.defaults());
    }

    public static Backbone open(String nameOrDir, BackboneOptions options) {
        return BackboneLocation.resolve(nameOrDir).open(options);
    }

    /** Opens {@code dir} with default options (all available cores). */
    public static Backbone open(Path dir) {
        return open(dir, BackboneOptions.defaults());
    }

    public static Backbone open(Path dir, BackboneOptions options) {
        if (!Files.isDirectory(dir)) {
            throw new ModelFormatException(dir + ": not a directory (expected a Hugging Face model folder)");
        }
        ModelConfigFile config = ModelConfigFile.read(dir);
        String type = config.modelType();
        Loader loader = LOADERS.get(type);
        if (loader == null) {
            throw new ModelFormatException(config.path() + ": model_type '" + type + "' is not supported (supported: "
                    + String.join(", ", LOADERS.keySet()) + ")");
        }
        return loader.open(dir, options);
    }

    private static Backbone decoder(Path dir, BackboneOptions options) {
        return DecoderBackbone.open(dir, options.threads(), options.maxStepTokens());
    }
}
