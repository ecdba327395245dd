package dev.siren.engine;

import dev.siren.engine.bert.BertEncoder;
import dev.siren.engine.bert.EmbeddedBertModel;
import dev.siren.engine.bert.LoraAdapter;
import dev.siren.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a backbone and its tokenizer come from: a Hugging Face model folder, an encoder embedded in a jar on the
 * class path ({@link EmbeddedBertModel}), or either of them with a LoRA adapter ({@link Adapted}). {@link #resolve}
 * and {@link #find} are the one place that reads a backbone name given by a user or a head: an existing folder first, else an embedded encoder's name (the guard adds Hub
 * repositories on top).
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

        /** The folder's absolute path with the names, sizes and modification times of its files, hashed. */
        @Override
        public String cacheKey() {
            Path absolute = dir.toAbsolutePath().normalize();
            try (Stream<Path> files = Files.list(dir)) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(absolute.toString().getBytes(StandardCharsets.UTF_8));
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    sha.update((f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis())
                            .getBytes(StandardCharsets.UTF_8));
                }
                return "folder:" + absolute + "#" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new ModelFormatException("cannot read the model folder " + dir + ": " + e.getMessage(), e);
            }
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

        @Override
        public String cacheKey() {
            return "embedded:" + model.mavenCoordinate();
        }
    }

    /**
     * A BERT backbone (folder or embedded encoder) with a LoRA adapter merged into its weights: a PEFT adapter folder
     * whose {@code base_model_name_or_path} names the base ({@link #adapterFolder} reads it).
     */
    record Adapted(BackboneLocation base, LoraAdapter adapter) implements BackboneLocation {

        @Override
        public Backbone open(BackboneOptions options) {
            return open(options, null);
        }

        /** Opens it; an embedded base is read from a copy in {@code encoderCache} when that is not null. */
        public Backbone open(BackboneOptions options, Path encoderCache) {
            return switch (base) {
                case Embedded embedded -> embedded.model().open(options, encoderCache, adapter);
                // BertConfigReader refuses a base whose model_type is not "bert", naming its config.json
                case Folder folder -> BertEncoder.open(folder.dir(), options, adapter);
                case Adapted adapted -> throw new IllegalStateException("an adapter's base is never an adapter");
            };
        }

        @Override
        public Tokenizer tokenizer() {
            return base.tokenizer();
        }

        /** The base's key and the adapter files' hash. */
        @Override
        public String cacheKey() {
            return base.cacheKey() + "+lora:" + adapter.sha256().substring(0, 16);
        }
    }

    /** Loads the backbone. */
    Backbone open(BackboneOptions options);

    /** Loads the backbone's tokenizer. */
    Tokenizer tokenizer();

    /**
     * Identifies the exact weights, for caches of computed features: an embedded encoder's Maven coordinate, or a
     * folder's path with the sizes and modification times of its files.
     */
    String cacheKey();

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
            return Optional.of(folder(dir.get()));
        }
        return EmbeddedBertModel.byName(nameOrDir).map(Embedded::new);
    }

    /**
     * {@link #find(String)}, else a folder relative to {@code base} (a head names its backbone relative to its own
     * folder).
     */
    static Optional<BackboneLocation> find(String nameOrDir, Path base) {
        return find(nameOrDir).or(() -> existing(base, nameOrDir).filter(Files::isDirectory)
                .map(BackboneLocation::folder));
    }

    /** A model folder, or an adapter folder with its base. */
    private static BackboneLocation folder(Path dir) {
        return LoraAdapter.isAdapter(dir) ? adapterFolder(dir) : new Folder(dir);
    }

    /**
     * A PEFT adapter folder with its base: {@code base_model_name_or_path} as a folder (as given, or relative to the
     * adapter), or an embedded encoder by its name or by the last part of a Hub id ("BAAI/bge-small-en-v1.5").
     */
    static Adapted adapterFolder(Path dir) {
        LoraAdapter adapter = LoraAdapter.read(dir);
        String name = adapter.baseModel();
        // a folder here is a model folder, never another adapter (no chains, no loops)
        Optional<BackboneLocation> base = existing(name).or(() -> existing(dir, name)).filter(Files::isDirectory)
                .<BackboneLocation>map(Folder::new)
                .or(() -> EmbeddedBertModel.byName(name).or(() -> EmbeddedBertModel.byName(
                        name.substring(name.lastIndexOf('/') + 1))).map(Embedded::new));
        return new Adapted(base.orElseThrow(() -> new ModelFormatException(dir.resolve(LoraAdapter.CONFIG)
                + ": base_model_name_or_path '" + name + "' is neither a model folder nor an embedded encoder ("
                + EmbeddedBertModel.names() + "); download the base and write its folder there")), adapter);
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
        return existing(Path.of(""), text);
    }

    private static Optional<Path> existing(Path base, String text) {
        try {
            Path path = base.resolve(text);
            return Files.exists(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
