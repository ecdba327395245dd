package dev.siren.guard.head;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the heads released by UofTCSSLab for the Python runtime {@code llm-siren}, whose exact schema is not
 * public. It accepts the variants the reference training code makes likely (siren-method.md §3, §7):
 * <ul>
 *   <li>neurons in {@code selected_neurons_dict} / {@code selected_neurons} / {@code neurons}, keyed
 *       {@code "layer12_residual_mean"}, {@code "layer_12"}, {@code "12"}, or a list of [layer, index] pairs;
 *       or as integer tensors named {@code selected_neurons.layer12_residual_mean}, {@code neurons.12}, ...;</li>
 *   <li>alpha in {@code layer_weights} (string or number keys, or a list, or a tensor of that name); absent
 *       means alpha is folded into the first Linear layer (alpha = 1); {@code "alpha_folded": true} says so;</li>
 *   <li>the backbone in {@code base_model}, {@code backbone}, {@code backbone_model}, {@code model_name} or
 *       {@code base_model_name_or_path} (a string or an object with id/name/repo_id and revision);</li>
 *   <li>MLP tensors named by nn.Sequential index under any common prefix ("0.weight", "network.3.weight",
 *       "final_mlp.network.6.weight", ...): Linear layers are the 2-D weights in index order, ReLU between.</li>
 * </ul>
 * The reference stores eta (the neuron-coverage fraction, 0.9) under "threshold"; it is therefore not taken as
 * the decision threshold, which comes from {@code default_threshold} / {@code decision_threshold} or is 0.5.
 * When a file cannot be mapped, the error lists the config keys and tensor names (with shapes) it found.
 */
public final class ReleasedHeadReader {

    private static final Pattern LAYER_KEY = Pattern.compile("^(?:layer[_-]?)?(\\d+)(?:_residual_mean)?$");
    private static final Pattern SEQUENTIAL_TENSOR = Pattern.compile("^(.*?)(\\d+)\\.(weight|bias)$");
    /** Neuron indices stored as tensors, e.g. "selected_neurons.layer12_residual_mean" or "neurons.12". */
    private static final Pattern NEURON_TENSOR =
            Pattern.compile("^(?:selected_neurons_dict|selected_neurons|neurons)[./](.+)$");
    private static final String ALPHA_TENSOR = "layer_weights";
    private static final List<String> NEURON_KEYS = List.of("selected_neurons_dict", "selected_neurons", "neurons");
    private static final List<String> BACKBONE_KEYS =
            List.of("base_model", "backbone", "backbone_model", "model_name", "base_model_name_or_path", "model_id");
    private static final List<String> THRESHOLD_KEYS =
            List.of("default_threshold", "decision_threshold", "classification_threshold");

    /** Shapes of the backbones the released heads were trained on (siren-method.md §1). */
    private static final Map<String, int[]> KNOWN_BACKBONES = Map.of(
            "qwen/qwen3-0.6b", new int[]{28, 1024},
            "qwen/qwen3-1.7b", new int[]{28, 2048},
            "qwen/qwen3-4b", new int[]{36, 2560},
            "meta-llama/llama-3.2-1b", new int[]{16, 2048},
            "meta-llama/llama-3.2-3b", new int[]{28, 3072},
            "meta-llama/llama-3.1-8b", new int[]{32, 4096});

    private ReleasedHeadReader() {
    }

    static SirenHead read(Path folder, JsonNode config) {
        Path configFile = folder.resolve(HeadFiles.CONFIG);
        Map<String, FloatTensor> tensors = HeadReader.readWeights(folder);
        try {
            return map(config, tensors);
        } catch (IllegalArgumentException e) {
            throw new InvalidHeadException(configFile + " / " + HeadFiles.WEIGHTS
                    + ": not a siren-java head and not a released SIREN head this reader can map: " + e.getMessage()
                    + ". Config keys found: " + keys(config) + ". Tensors found: " + describe(tensors));
        }
    }

    private static SirenHead map(JsonNode config, Map<String, FloatTensor> tensors) {
        TreeMap<Integer, int[]> neurons = hasNeuronTensors(tensors) ? neuronTensors(tensors) : neurons(config);
        MlpClassifier classifier = classifier(tensors);
        BackboneRef backbone = backbone(config, neurons);
        boolean folded = config.path("alpha_folded").asBoolean(false)
                || (!config.has("layer_weights") && !tensors.containsKey(ALPHA_TENSOR));
        Map<Integer, Float> alphas = folded ? Map.of()
                : config.has("layer_weights") ? alphas(config.get("layer_weights")) : alphaTensor(tensors.get(ALPHA_TENSOR));
        List<LayerSelection> layers = new ArrayList<>();
        for (int l = 0; l < backbone.numLayers(); l++) {
            float alpha = folded ? 1f : alphas.getOrDefault(l, Float.NaN);
            int[] selected = neurons.getOrDefault(l, new int[0]);
            if (Float.isNaN(alpha)) {
                if (selected.length > 0) {
                    throw new IllegalArgumentException("layer_weights has no entry for layer " + l
                            + ", which selects " + selected.length + " neurons");
                }
                alpha = 0f;
            }
            layers.add(new LayerSelection(l, alpha, selected));
        }
        int selected = layers.stream().mapToInt(LayerSelection::size).sum();
        if (config.has("num_features") && config.get("num_features").asInt() != selected) {
            throw new IllegalArgumentException("num_features is " + config.get("num_features").asInt()
                    + " but the neuron lists hold " + selected + " neurons");
        }
        String pooling = text(config, "pooling_type", text(config, "pooling", SirenHead.RESIDUAL_MEAN));
        int maxLength = config.path("max_length").asInt(512);
        double threshold = 0.5;
        for (String key : THRESHOLD_KEYS) {
            if (config.has(key)) {
                threshold = config.get(key).asDouble();
            }
        }
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("converted_from", "released SIREN head (llm-siren format)");
        notes.put("alpha_folded_into_mlp", folded);
        if (config.has("threshold")) {
            notes.put("eta", config.get("threshold").asDouble());
        }
        Provenance provenance = Provenance.unknown(Instant.now().toString(), "unknown", notes);
        // The reference pools in bf16 (siren-method.md §1), so released heads expect bf16-rounded means.
        return new SirenHead(backbone, pooling, maxLength, FeatureDtype.BFLOAT16, layers, classifier, threshold,
                provenance);
    }

    private static TreeMap<Integer, int[]> neurons(JsonNode config) {
        for (String key : NEURON_KEYS) {
            JsonNode node = config.get(key);
            if (node == null) {
                continue;
            }
            TreeMap<Integer, int[]> byLayer = new TreeMap<>();
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    byLayer.put(layerNumber(key, entry.getKey()), intList(key + "." + entry.getKey(), entry.getValue()));
                }
            } else if (node.isArray()) {
                Map<Integer, List<Integer>> pairs = new TreeMap<>();
                for (JsonNode pair : node) {
                    if (!pair.isArray() || pair.size() != 2) {
                        throw new IllegalArgumentException("'" + key + "' is a list but not of [layer, index] pairs");
                    }
                    pairs.computeIfAbsent(pair.get(0).asInt(), l -> new ArrayList<>()).add(pair.get(1).asInt());
                }
                pairs.forEach((l, list) -> byLayer.put(l, list.stream().mapToInt(Integer::intValue).toArray()));
            } else {
                throw new IllegalArgumentException("'" + key + "' is neither an object nor a list");
            }
            return byLayer;
        }
        throw new IllegalArgumentException("no neuron selection (looked for " + NEURON_KEYS + ")");
    }

    private static boolean hasNeuronTensors(Map<String, FloatTensor> tensors) {
        return tensors.keySet().stream().anyMatch(name -> NEURON_TENSOR.matcher(name).matches());
    }

    private static TreeMap<Integer, int[]> neuronTensors(Map<String, FloatTensor> tensors) {
        TreeMap<Integer, int[]> byLayer = new TreeMap<>();
        tensors.forEach((name, tensor) -> {
            Matcher matcher = NEURON_TENSOR.matcher(name);
            if (matcher.matches()) {
                int[] indices = new int[tensor.data().length];
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = (int) tensor.data()[i];
                }
                byLayer.put(layerNumber(name, matcher.group(1)), indices);
            }
        });
        return byLayer;
    }

    private static Map<Integer, Float> alphaTensor(FloatTensor tensor) {
        Map<Integer, Float> alphas = new TreeMap<>();
        for (int l = 0; l < tensor.data().length; l++) {
            alphas.put(l, tensor.data()[l]);
        }
        return alphas;
    }

    private static int layerNumber(String field, String key) {
        Matcher matcher = LAYER_KEY.matcher(key.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + field + "' has key '" + key
                    + "' that names no layer (expected e.g. 'layer12_residual_mean' or '12')");
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static int[] intList(String field, JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is not a list of neuron indices");
        }
        int[] values = new int[node.size()];
        for (int i = 0; i < values.length; i++) {
            if (!node.get(i).isIntegralNumber()) {
                throw new IllegalArgumentException("'" + field + "[" + i + "]' is not an integer: " + node.get(i));
            }
            values[i] = node.get(i).asInt();
        }
        return values;
    }

    private static Map<Integer, Float> alphas(JsonNode node) {
        Map<Integer, Float> alphas = new TreeMap<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                alphas.put(layerNumber("layer_weights", entry.getKey()), (float) entry.getValue().asDouble());
            }
        } else if (node.isArray()) {
            for (int l = 0; l < node.size(); l++) {
                alphas.put(l, (float) node.get(l).asDouble());
            }
        } else {
            throw new IllegalArgumentException("'layer_weights' is neither an object nor a list");
        }
        return alphas;
    }

    private static BackboneRef backbone(JsonNode config, TreeMap<Integer, int[]> neurons) {
        String id = null;
        String revision = text(config, "revision", text(config, "backbone_revision", null));
        for (String key : BACKBONE_KEYS) {
            JsonNode node = config.get(key);
            if (node != null && node.isTextual()) {
                id = node.asText();
                break;
            }
            if (node != null && node.isObject()) {
                id = text(node, "id", text(node, "repo_id", text(node, "name", null)));
                revision = text(node, "revision", revision);
                break;
            }
        }
        if (id == null) {
            throw new IllegalArgumentException("no backbone name (looked for " + BACKBONE_KEYS + ")");
        }
        int[] known = KNOWN_BACKBONES.get(id.toLowerCase(Locale.ROOT));
        int layers = config.path("num_layers").asInt(known != null ? known[0] : neurons.lastKey() + 1);
        int hidden = config.path("hidden_size").asInt(known != null ? known[1] : -1);
        if (hidden <= 0) {
            throw new IllegalArgumentException("backbone '" + id + "' is not one of the released backbones "
                    + KNOWN_BACKBONES.keySet() + " and the config gives no hidden_size");
        }
        String architecture = text(config, "architecture", guessArchitecture(id));
        return new BackboneRef(id, revision, architecture, layers, hidden);
    }

    private static String guessArchitecture(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        if (lower.contains("qwen3")) {
            return "qwen3";
        }
        if (lower.contains("llama")) {
            return "llama";
        }
        throw new IllegalArgumentException("cannot tell the architecture of backbone '" + id
                + "' (add an 'architecture' field)");
    }

    /** The Linear layers of an nn.Sequential state dict: 2-D weights in index order, with their biases. */
    private static MlpClassifier classifier(Map<String, FloatTensor> tensors) {
        Map<String, TreeMap<Integer, FloatTensor[]>> byPrefix = new LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> entry : tensors.entrySet()) {
            Matcher matcher = SEQUENTIAL_TENSOR.matcher(entry.getKey());
            if (!matcher.matches()) {
                continue;
            }
            FloatTensor[] pair = byPrefix.computeIfAbsent(matcher.group(1), p -> new TreeMap<>())
                    .computeIfAbsent(Integer.parseInt(matcher.group(2)), i -> new FloatTensor[2]);
            pair[matcher.group(3).equals("weight") ? 0 : 1] = entry.getValue();
        }
        if (byPrefix.size() != 1) {
            throw new IllegalArgumentException(byPrefix.isEmpty()
                    ? "no MLP tensors named like '<prefix><index>.weight'"
                    : "MLP tensors under several prefixes " + byPrefix.keySet() + ", cannot tell which is the head");
        }
        String prefix = byPrefix.keySet().iterator().next();
        List<DenseLayer> layers = new ArrayList<>();
        for (Map.Entry<Integer, FloatTensor[]> entry : byPrefix.get(prefix).entrySet()) {
            FloatTensor weight = entry.getValue()[0];
            FloatTensor bias = entry.getValue()[1];
            String name = prefix + entry.getKey();
            if (weight == null || bias == null || weight.shape().length != 2) {
                throw new IllegalArgumentException("'" + name + "' is not a Linear layer (needs a 2-D weight and a bias)");
            }
            int[] shape = weight.shape();
            if (!bias.hasShape(shape[0])) {
                throw new IllegalArgumentException("'" + name + ".bias' has shape " + bias.shapeString()
                        + ", expected [" + shape[0] + "]");
            }
            layers.add(new DenseLayer(shape[1], shape[0], weight.data(), bias.data()));
        }
        return new MlpClassifier(layers);
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode value = node.get(key);
        return value != null && value.isTextual() ? value.asText() : fallback;
    }

    private static List<String> keys(JsonNode config) {
        List<String> keys = new ArrayList<>();
        config.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String describe(Map<String, FloatTensor> tensors) {
        List<String> names = new ArrayList<>();
        tensors.forEach((name, tensor) -> names.add(name + " " + tensor.shapeString()));
        return names.toString();
    }
}
