package dev.siren.engine;

import dev.siren.engine.bert.EmbeddedBertModel;
import dev.siren.tokenizer.Tokenizer;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a backbone and its tokenizer come from: a Hugging Face model folder, or an encoder embedded in a jar on the
 * class path ({@link EmbeddedBertModel}). {@link #resolve} is the one place that reads a name given by a user: an
 * existing folder first, else an embedded encoder's name.
 */
public sealed interface BackboneLocation {

    /** A Hugging Face model folder: config.json, safetensors weights and tokenizer.json. */
    record Folder(Path dir) implements BackboneLocation {

        @Override
        public Backbone open(BackboneOptions options) {
            return Backbones.open(dir, options);
        }

        @Override
        public Tokenizer tokenizer() {
            return Tokenizer.load(dir);
        }
    }

    /** One of the encoders embedded in the langchain4j jars, opened from the class path. */
    record Embedded(EmbeddedBertModel model) implements BackboneLocation {

        @Override
        public Backbone open(BackboneOptions options) {
            return model.open(options);
        }

        @Override
        public Tokenizer tokenizer() {
            return Tokenizer.fromJson(model.tokenizerJson(), model.id() + " tokenizer.json");
        }
    }

    /** Loads the backbone. */
    Backbone open(BackboneOptions options);

    /** Loads the backbone's tokenizer. */
    Tokenizer tokenizer();

    /**
     * An existing model folder, else an embedded encoder ("all-minilm-l6-v2", "bge-small-en-v1.5", "e5-small-v2").
     *
     * @throws ModelFormatException if {@code nameOrDir} is neither
     */
    static BackboneLocation resolve(String nameOrDir) {
        return find(nameOrDir).orElseThrow(() -> new ModelFormatException("no such model folder: " + nameOrDir
                + " (nor is it an embedded encoder: " + EmbeddedBertModel.names() + ")"));
    }

    /** {@link #resolve}, or empty when {@code nameOrDir} is neither a folder nor an embedded encoder's name. */
    static Optional<BackboneLocation> find(String nameOrDir) {
        Optional<Path> dir = existing(nameOrDir).filter(Files::isDirectory);
        if (dir.isPresent()) {
            return Optional.of(new Folder(dir.get()));
        }
        return EmbeddedBertModel.byName(nameOrDir).map(Embedded::new);
    }

    /**
     * The tokenizer named by a tokenizer.json file, a model folder or an embedded encoder's name.
     *
     * @throws ModelFormatException if it is none of these
     */
    static Tokenizer tokenizer(String fileDirOrName) {
        Optional<Path> file = existing(fileDirOrName).filter(Files::isRegularFile);
        if (file.isPresent()) {
            return Tokenizer.load(file.get());
        }
        return find(fileDirOrName).orElseThrow(() -> new ModelFormatException("no such file or folder: "
                + fileDirOrName + " (nor is it an embedded encoder: " + EmbeddedBertModel.names() + ")")).tokenizer();
    }

    private static Optional<Path> existing(String text) {
        try {
            Path path = Path.of(text);
            return Files.exists(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
