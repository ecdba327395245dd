package dev.siren.guard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siren.guard.head.FloatTensor;
import dev.siren.guard.head.HeadFiles;
import dev.siren.guard.head.HeadReader;
import dev.siren.guard.head.HeadTensors;
import dev.siren.guard.head.InvalidHeadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Agent-SIREN heads: the ones this project writes ({@code "format": "siren-java-agent-head"}) and the released
 * ones, whose exact config keys are not public. Like the SIREN reader, it accepts the likely spellings:
 * <ul>
 *   <li>the depth in {@code hidden_state}, {@code layer}, {@code layer_index}, {@code readout_layer},
 *       {@code probe_layer}, {@code best_layer}, {@code target_layer} (Hugging Face numbering, 0 = embeddings);</li>
 *   <li>the backbone in {@code backbone}, {@code base_model}, {@code backbone_model}, {@code model_name},
 *       {@code base_model_name_or_path}, {@code model_id} (a string, or an object with id/repo_id/name and
 *       revision), its revision also in {@code revision}, {@code backbone_revision}, {@code base_model_revision};</li>
 *   <li>the input length in {@code max_tokens}, {@code max_length}, {@code max_seq_length}, {@code max_seq_len},
 *       {@code max_input_tokens} (16,384 when absent); the decision threshold in {@code threshold},
 *       {@code default_threshold}, {@code decision_threshold} (0.5 when absent).</li>
 * </ul>
 * Each is looked for at the top level, then inside a {@code readout}, {@code head} or {@code probe} object.
 * Tensors: {@code head.weight} [1, H] (or [H]) and {@code head.bias} [1], float32. When a required fact is missing
 * the error lists the config keys and tensors found.
 */
public final class AgentHeadReader {

    private static final List<String> DEPTH_KEYS = List.of("hidden_state", "layer", "layer_index", "readout_layer",
            "probe_layer", "best_layer", "target_layer");
    private static final List<String> BACKBONE_KEYS = List.of("backbone", "base_model", "backbone_model", "model_name",
            "base_model_name_or_path", "model_id");
    private static final List<String> REVISION_KEYS = List.of("revision", "backbone_revision", "base_model_revision");
    private static final List<String> MAX_TOKENS_KEYS = List.of("max_tokens", "max_length", "max_seq_length",
            "max_seq_len", "max_input_tokens");
    private static final List<String> THRESHOLD_KEYS = List.of("threshold", "default_threshold", "decision_threshold");
    private static final List<String> SECTIONS = List.of("readout", "head", "probe");
    private static final List<String> METHOD_KEYS = List.of("method", "head_type", "model_type", "type");

    private AgentHeadReader() {
    }

    /**
     * Whether the head folder holds an Agent-SIREN head rather than a SIREN one: our agent format, a config whose
     * method names "agent", or a linear {@code head.weight} tensor.
     */
    public static boolean isAgentHead(Path folder) {
        Path configFile = folder.resolve(HeadFiles.CONFIG);
        if (!Files.isRegularFile(configFile)) {
            return false;
        }
        JsonNode config = HeadReader.readConfigFile(configFile);
        if (AgentHeadFiles.FORMAT.equals(config.path("format").asText(null))) {
            return true;
        }
        if (config.has("format")) {
            return false; // a SIREN head of this project
        }
        for (String key : METHOD_KEYS) {
            if (config.path(key).asText("").toLowerCase(Locale.ROOT).contains("agent")) {
                return true;
            }
        }
        Path weights = folder.resolve(HeadFiles.WEIGHTS);
        return Files.isRegularFile(weights) && HeadTensors.read(weights).containsKey(AgentHeadFiles.WEIGHT);
    }

    public static AgentHead read(Path folder) {
        Path configFile = folder.resolve(HeadFiles.CONFIG);
        Path weightsFile = folder.resolve(HeadFiles.WEIGHTS);
        if (!Files.isRegularFile(configFile)) {
            throw new InvalidHeadException(folder + ": no " + HeadFiles.CONFIG + " (a head folder holds "
                    + HeadFiles.CONFIG + " and " + HeadFiles.WEIGHTS + ")");
        }
        if (!Files.isRegularFile(weightsFile)) {
            throw new InvalidHeadException(folder + ": no " + HeadFiles.WEIGHTS + " beside " + HeadFiles.CONFIG);
        }
        JsonNode config = HeadReader.readConfigFile(configFile);
        Map<String, FloatTensor> tensors = HeadTensors.read(weightsFile);
        try {
            return map(config, tensors);
        } catch (IllegalArgumentException e) {
            List<String> keys = new ArrayList<>();
            config.fieldNames().forEachRemaining(keys::add);
            List<String> names = new ArrayList<>();
            tensors.forEach((name, t) -> names.add(name + " " + t.shapeString()));
            throw new InvalidHeadException(configFile + " / " + HeadFiles.WEIGHTS + ": not an Agent-SIREN head this"
                    + " reader can map: " + e.getMessage() + ". Config keys found: " + keys + ". Tensors found: "
                    + names);
        }
    }

    private static AgentHead map(JsonNode config, Map<String, FloatTensor> tensors) {
        if (config.has("format")) {
            String format = config.get("format").asText();
            int version = config.path("format_version").asInt(-1);
            if (!AgentHeadFiles.FORMAT.equals(format) || version != AgentHeadFiles.FORMAT_VERSION) {
                throw new IllegalArgumentException("format is '" + format + "' version " + version + ", expected '"
                        + AgentHeadFiles.FORMAT + "' version " + AgentHeadFiles.FORMAT_VERSION);
            }
        }
        JsonNode depth = first(config, DEPTH_KEYS);
        if (depth == null || !depth.canConvertToInt() || !depth.isIntegralNumber()) {
            throw new IllegalArgumentException(depth == null ? "no readout layer (looked for " + DEPTH_KEYS + ")"
                    : "the readout layer is not an integer: " + depth);
        }
        String revision = text(first(config, REVISION_KEYS));
        JsonNode backbone = first(config, BACKBONE_KEYS);
        String id = text(backbone);
        if (backbone != null && backbone.isObject()) {
            id = text(first(backbone, List.of("id", "repo_id", "name")));
            revision = text(backbone.get("revision")) != null ? text(backbone.get("revision")) : revision;
        }
        if (id == null) {
            throw new IllegalArgumentException("no backbone name (looked for " + BACKBONE_KEYS + ")");
        }
        JsonNode maxTokens = first(config, MAX_TOKENS_KEYS);
        JsonNode threshold = first(config, THRESHOLD_KEYS);
        FloatTensor weight = tensors.get(AgentHeadFiles.WEIGHT);
        FloatTensor bias = tensors.get(AgentHeadFiles.BIAS);
        if (weight == null || bias == null) {
            throw new IllegalArgumentException("no linear readout (expected tensors '" + AgentHeadFiles.WEIGHT
                    + "' [1, H] and '" + AgentHeadFiles.BIAS + "' [1])");
        }
        int hidden = weight.data().length;
        if (!(weight.hasShape(1, hidden) || weight.hasShape(hidden)) || !(bias.hasShape(1) || bias.hasShape())) {
            throw new IllegalArgumentException("'" + AgentHeadFiles.WEIGHT + "' is " + weight.shapeString() + " and '"
                    + AgentHeadFiles.BIAS + "' is " + bias.shapeString() + ", expected [1, H] and [1]");
        }
        if (config.has("hidden_size") && config.get("hidden_size").asInt() != hidden) {
            throw new IllegalArgumentException("hidden_size is " + config.get("hidden_size").asInt() + " but '"
                    + AgentHeadFiles.WEIGHT + "' holds " + hidden + " values");
        }
        return new AgentHead(id, revision, depth.asInt(),
                maxTokens == null ? AgentHead.DEFAULT_MAX_TOKENS : maxTokens.asInt(), weight.data(), bias.data()[0],
                threshold == null ? 0.5 : threshold.asDouble());
    }

    /** The first of {@code keys} at the top level, else inside a "readout", "head" or "probe" object. */
    private static JsonNode first(JsonNode node, List<String> keys) {
        for (String key : keys) {
            if (node.hasNonNull(key)) {
                return node.get(key);
            }
        }
        for (String section : SECTIONS) {
            JsonNode inner = node.get(section);
            if (inner != null && inner.isObject()) {
                JsonNode found = first(inner, keys);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
