package dev.siren.guard.head;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.tokenizer.json.JsonFields;
import dev.siren.tokenizer.json.StrictJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a head folder written by {@link HeadWriter}. Folders whose config is not in our format
 * (the released UofTCSSLab heads) are handed to {@link ReleasedHeadReader}. Every problem is reported as an
 * {@link InvalidHeadException} naming the file and field or tensor, and what was expected versus found.
 */
public final class HeadReader {

    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.CONFIG);

    private HeadReader() {
    }

    /** Reads the head in {@code folder}, ours or a released one. */
    public static SirenHead read(Path folder) {
        JsonNode config = readConfig(folder);
        if (!config.has("format")) {
            return ReleasedHeadReader.read(folder, config);
        }
        return readOwn(folder, config);
    }

    private static JsonNode readConfig(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidHeadException(folder + ": head folder not found");
        }
        Path file = folder.resolve(HeadFiles.CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new InvalidHeadException(folder + ": no " + HeadFiles.CONFIG + " (a head folder holds "
                    + HeadFiles.CONFIG + " and " + HeadFiles.WEIGHTS + ")");
        }
        return readConfigFile(file);
    }

    /**
     * A head's config file as a JSON object, read strictly (duplicate keys refused); every problem is an
     * {@link InvalidHeadException} naming the file. Agent-SIREN heads' configs are read through it too.
     */
    public static JsonNode readConfigFile(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new InvalidHeadException(file + ": must hold a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidHeadException(file + ": " + StrictJson.problem(e, StrictJson.CONFIG));
        } catch (IOException e) {
            throw new InvalidHeadException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The weights file of a head folder, with a clear error when it is missing. */
    static Map<String, FloatTensor> readWeights(Path folder) {
        Path file = folder.resolve(HeadFiles.WEIGHTS);
        if (!Files.isRegularFile(file)) {
            throw new InvalidHeadException(folder + ": no " + HeadFiles.WEIGHTS + " beside " + HeadFiles.CONFIG
                    + " (the MLP weights are missing)");
        }
        return HeadTensors.read(file);
    }

    private static SirenHead readOwn(Path folder, JsonNode config) {
        JsonFields root = JsonFields.root(config, folder.resolve(HeadFiles.CONFIG).toString(),
                InvalidHeadException::new);
        String format = root.string("format");
        if (!HeadFiles.FORMAT.equals(format)) {
            throw root.fieldError("format", "is '" + format + "', expected '" + HeadFiles.FORMAT + "'");
        }
        int version = root.integer("format_version");
        if (version != HeadFiles.FORMAT_VERSION) {
            throw root.fieldError("format_version", "is " + version + "; this siren-java reads version "
                    + HeadFiles.FORMAT_VERSION + " (a newer siren-java may read it)");
        }
        BackboneRef backbone = backbone(root.object("backbone"));
        String pooling = root.string("pooling");
        if (!SirenHead.RESIDUAL_MEAN.equals(pooling)) {
            throw root.fieldError("pooling", "is '" + pooling + "', only '" + SirenHead.RESIDUAL_MEAN + "' exists");
        }
        int maxLength = root.integer("max_length");
        if (maxLength <= 0) {
            throw root.fieldError("max_length", "must be positive, found " + maxLength);
        }
        FeatureDtype featureDtype;
        try {
            featureDtype = FeatureDtype.fromJson(root.string("feature_dtype"));
        } catch (IllegalArgumentException e) {
            throw root.fieldError("feature_dtype", e.getMessage());
        }
        double threshold = root.number("threshold");
        if (!(threshold >= 0 && threshold <= 1)) {
            throw root.fieldError("threshold", "must lie in [0, 1], found " + threshold);
        }
        List<LayerSelection> layers = layers(root, backbone);
        MlpClassifier classifier = classifier(root.object("mlp"), featureTotal(layers),
                folder.resolve(HeadFiles.WEIGHTS), readWeights(folder));
        Provenance provenance = provenance(root.object("provenance"));
        try {
            return new SirenHead(backbone, pooling, maxLength, featureDtype, layers, classifier, threshold, provenance);
        } catch (IllegalArgumentException e) {
            throw root.error(e.getMessage());
        }
    }

    private static BackboneRef backbone(JsonFields node) {
        int layers = node.integer("num_layers");
        int hidden = node.integer("hidden_size");
        if (layers <= 0) {
            throw node.fieldError("num_layers", "must be positive, found " + layers);
        }
        if (hidden <= 0) {
            throw node.fieldError("hidden_size", "must be positive, found " + hidden);
        }
        return new BackboneRef(node.string("id"), node.string("revision", null), node.string("architecture"),
                layers, hidden);
    }

    private static List<LayerSelection> layers(JsonFields root, BackboneRef backbone) {
        List<JsonFields> entries = root.array("layers");
        if (entries.size() != backbone.numLayers()) {
            throw root.fieldError("layers", "has " + entries.size() + " entries but backbone.num_layers is "
                    + backbone.numLayers() + " (every layer has an entry, possibly with no neurons)");
        }
        List<LayerSelection> layers = new ArrayList<>(entries.size());
        for (int l = 0; l < entries.size(); l++) {
            JsonFields entry = entries.get(l);
            int layer = entry.integer("layer");
            if (layer != l) {
                throw entry.fieldError("layer", "is " + layer + ", expected " + l + " (layers ascending from 0)");
            }
            double alpha = entry.number("alpha");
            if (!Float.isFinite((float) alpha)) { // stored as a float: 1e39 is finite only as a double
                throw entry.fieldError("alpha", "must be a finite float, found " + alpha);
            }
            int[] neurons = entry.intArray("neurons");
            checkNeurons(entry, neurons, backbone.hiddenSize());
            layers.add(new LayerSelection(layer, (float) alpha, neurons));
        }
        return layers;
    }

    private static void checkNeurons(JsonFields entry, int[] neurons, int hiddenSize) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < neurons.length; i++) {
            if (neurons[i] < 0 || neurons[i] >= hiddenSize) {
                throw entry.fileError("field '" + entry.fieldPath("neurons") + "[" + i + "]' = " + neurons[i]
                        + " is out of range: neuron indices must be in [0, " + hiddenSize + ") for hidden size "
                        + hiddenSize);
            }
            if (!seen.add(neurons[i])) {
                throw entry.fileError("field '" + entry.fieldPath("neurons") + "[" + i + "]' repeats neuron " + neurons[i]);
            }
        }
    }

    private static int featureTotal(List<LayerSelection> layers) {
        return layers.stream().mapToInt(LayerSelection::size).sum();
    }

    private static MlpClassifier classifier(JsonFields mlp, int features, Path weightsFile,
                                            Map<String, FloatTensor> tensors) {
        int inputSize = mlp.integer("input_size");
        if (inputSize != features) {
            throw mlp.fieldError("input_size", "is " + inputSize + " but the layers select " + features
                    + " neurons in all");
        }
        String activation = mlp.string("activation");
        if (!MlpClassifier.ACTIVATION.equals(activation)) {
            throw mlp.fieldError("activation", "is '" + activation + "', only '" + MlpClassifier.ACTIVATION
                    + "' is supported");
        }
        int outputSize = mlp.integer("output_size");
        if (outputSize != 2) {
            throw mlp.fieldError("output_size", "is " + outputSize + ", SIREN heads give 2 logits");
        }
        int[] hidden = mlp.intArray("hidden_sizes");
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputSize;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = 2;
        for (int i = 1; i < sizes.length - 1; i++) {
            if (sizes[i] <= 0) {
                throw mlp.fieldError("hidden_sizes", "must hold positive sizes, found " + sizes[i]);
            }
        }
        Map<String, FloatTensor> unused = new LinkedHashMap<>(tensors);
        List<DenseLayer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            FloatTensor weight = tensor(weightsFile, unused, HeadFiles.weightTensor(i), sizes[i + 1], sizes[i]);
            FloatTensor bias = tensor(weightsFile, unused, HeadFiles.biasTensor(i), sizes[i + 1]);
            layers.add(new DenseLayer(sizes[i], sizes[i + 1], weight.data(), bias.data()));
        }
        if (!unused.isEmpty()) {
            throw new InvalidHeadException(weightsFile + ": unexpected tensors " + unused.keySet() + " for an MLP with "
                    + (sizes.length - 1) + " linear layers (config mlp.hidden_sizes = "
                    + Arrays.toString(hidden) + ")");
        }
        return new MlpClassifier(layers);
    }

    private static FloatTensor tensor(Path file, Map<String, FloatTensor> tensors, String name, int... shape) {
        FloatTensor tensor = tensors.remove(name);
        if (tensor == null) {
            throw new InvalidHeadException(file + ": tensor '" + name + "' is missing (found " + tensors.keySet() + ")");
        }
        if (!tensor.hasShape(shape)) {
            throw new InvalidHeadException(file + ": tensor '" + name + "' has shape " + tensor.shapeString()
                    + ", expected " + Arrays.toString(shape) + " from " + HeadFiles.CONFIG);
        }
        return tensor;
    }

    private static Provenance provenance(JsonFields node) {
        List<Provenance.DataFile> files = new ArrayList<>();
        for (JsonFields file : node.array("data_files")) {
            files.add(new Provenance.DataFile(file.string("role"), file.string("path"), file.string("sha256"),
                    file.integer("samples")));
        }
        return new Provenance(node.string("created_at"), node.string("project_version"), files,
                convert(node, "sample_counts", new TypeReference<Map<String, Integer>>() { }),
                convert(node, "hyper_parameters", new TypeReference<Map<String, Object>>() { }),
                convert(node, "metrics", new TypeReference<Map<String, Object>>() { }));
    }

    private static <T> T convert(JsonFields node, String field, TypeReference<T> type) {
        try {
            return JSON.convertValue(node.object(field).node(), type);
        } catch (IllegalArgumentException e) {
            throw node.fieldError(field, "has values of the wrong type (" + e.getMessage() + ")");
        }
    }
}
