package dev.siren.engine.bert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.engine.ModelFormatException;
import dev.siren.engine.kernels.Kernels;
import dev.siren.engine.weights.SafetensorsFile;
import dev.siren.engine.weights.Tensor;
import dev.siren.tokenizer.json.JsonFields;
import dev.siren.tokenizer.json.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A LoRA adapter in PEFT's folder format ({@code adapter_config.json} + {@code adapter_model.safetensors}), merged
 * into a BERT encoder's Linear weights when it loads: W' = W + (lora_alpha / r) · B·A, with A [r, in] and B [out, r]
 * (lora_alpha / √r with {@code use_rslora}). The encoder then runs at the base model's speed. Only plain LoRA on
 * Linear layers is read; an adapter with trained biases, extra modules or other PEFT methods is refused rather than
 * half applied.
 */
public final class LoraAdapter {

    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    private static final String PREFIX = "base_model.model.";
    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.CONFIG);

    private final Path dir;
    private final String baseModel;
    private final float scale;
    /** Module name (e.g. {@code encoder.layer.0.attention.self.query}) to its A and B, fp32. */
    private final Map<String, Pair> pairs;
    private final String sha256;

    private record Pair(float[] a, float[] b, int rank, int in, int out) {
    }

    private LoraAdapter(Path dir, String baseModel, float scale, Map<String, Pair> pairs, String sha256) {
        this.dir = dir;
        this.baseModel = baseModel;
        this.scale = scale;
        this.pairs = pairs;
        this.sha256 = sha256;
    }

    /** Whether {@code dir} holds a PEFT adapter (its adapter_config.json). */
    public static boolean isAdapter(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /** Reads and checks the adapter in {@code dir}; errors name the file and field. */
    public static LoraAdapter read(Path dir) {
        Path configPath = dir.resolve(CONFIG);
        JsonFields config;
        try {
            JsonNode json = JSON.readTree(configPath.toFile());
            config = JsonFields.root(json, configPath.toString(), ModelFormatException::new);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(configPath + ": " + StrictJson.problem(e, StrictJson.CONFIG));
        } catch (IOException e) {
            throw new ModelFormatException(configPath + ": cannot read (" + e.getMessage() + ")", e);
        }
        String type = config.string("peft_type");
        if (!type.equals("LORA")) {
            throw config.fieldError("peft_type", "expected \"LORA\", found \"" + type + "\" (only LoRA adapters are"
                    + " supported)");
        }
        int rank = config.positiveInt("r");
        double alpha = config.number("lora_alpha");
        if (!config.string("bias", "none").equals("none")) {
            throw config.fieldError("bias", "expected \"none\": adapters that train biases are not supported");
        }
        if (config.bool("fan_in_fan_out", false)) {
            throw config.fieldError("fan_in_fan_out", "expected false: Conv1D-style (GPT-2) adapters are not supported");
        }
        if (config.has("modules_to_save") && !config.get("modules_to_save").isNull()) {
            throw config.fieldError("modules_to_save", "expected null: adapters that replace whole modules are not"
                    + " supported");
        }
        if (config.bool("use_dora", false)) {
            throw config.fieldError("use_dora", "expected false: DoRA adapters are not supported");
        }
        for (String perModule : new String[] {"rank_pattern", "alpha_pattern"}) {
            if (config.has(perModule) && !config.get(perModule).isNull() && !config.get(perModule).node().isEmpty()) {
                throw config.fieldError(perModule, "expected {}: per-module ranks and alphas are not supported");
            }
        }
        double scale = config.bool("use_rslora", false) ? alpha / Math.sqrt(rank) : alpha / rank;
        Path weightsPath = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weightsPath)) {
            throw new ModelFormatException(dir + ": no " + WEIGHTS + " beside " + CONFIG);
        }
        Map<String, Pair> pairs = new HashMap<>();
        try (SafetensorsFile file = SafetensorsFile.open(weightsPath)) {
            Set<String> modules = new TreeSet<>();
            for (String name : file.names()) {
                if (!name.startsWith(PREFIX) || !(name.endsWith(".lora_A.weight") || name.endsWith(".lora_B.weight"))) {
                    throw new ModelFormatException(weightsPath + ": unexpected tensor '" + name + "' (expected only "
                            + PREFIX + "<module>.lora_A.weight and .lora_B.weight)");
                }
                modules.add(name.substring(PREFIX.length(), name.length() - ".lora_A.weight".length()));
            }
            for (String module : modules) {
                Tensor a = require(file, PREFIX + module + ".lora_A.weight");
                Tensor b = require(file, PREFIX + module + ".lora_B.weight");
                if (a.shape().length != 2 || b.shape().length != 2 || a.shape()[0] != rank || b.shape()[1] != rank) {
                    throw new ModelFormatException(weightsPath + ": " + module + ": expected lora_A [" + rank
                            + ", in] and lora_B [out, " + rank + "] (r = " + rank + " in " + CONFIG + "), found "
                            + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
                }
                pairs.put(module, new Pair(a.toFloatArray(), b.toFloatArray(), rank, (int) a.shape()[1],
                        (int) b.shape()[0]));
            }
        }
        if (pairs.isEmpty()) {
            throw new ModelFormatException(weightsPath + ": no LoRA tensors");
        }
        return new LoraAdapter(dir, config.string("base_model_name_or_path"), (float) scale, Map.copyOf(pairs),
                sha256(configPath, weightsPath));
    }

    /** The model the adapter was trained on ({@code base_model_name_or_path}). */
    public String baseModel() {
        return baseModel;
    }

    public Path dir() {
        return dir;
    }

    /** SHA-256 of the two files, for caches of computed features. */
    public String sha256() {
        return sha256;
    }

    /** The names of the Linear modules it changes. */
    public Set<String> modules() {
        return pairs.keySet();
    }

    /**
     * Adds scale · B·A to the weight of {@code module}, in nn.Linear layout [out, in]; leaves it unchanged when the
     * adapter does not touch the module.
     */
    void addTo(String module, float[] weight, int in, int out) {
        Pair pair = pairs.get(module);
        if (pair == null) {
            return;
        }
        if (pair.in != in || pair.out != out) {
            throw new ModelFormatException(dir.resolve(WEIGHTS) + ": " + module + " is [" + out + ", " + in
                    + "] in the encoder but the adapter's B·A is [" + pair.out + ", " + pair.in + "]");
        }
        float[] scaledB = pair.b.clone();
        Kernels.scale(scaledB, 0, scale, scaledB.length);
        Kernels.matmul(scaledB, 0, pair.rank, out, pair.rank, pair.a, 0, in, in, weight, 0, in, true);
    }

    private static Tensor require(SafetensorsFile file, String name) {
        if (!file.contains(name)) {
            throw new ModelFormatException(file.path() + ": '" + name + "' is missing (each LoRA module needs its"
                    + " lora_A and lora_B)");
        }
        return file.tensor(name);
    }

    private static String sha256(Path... files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new ModelFormatException("cannot read the adapter files: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
