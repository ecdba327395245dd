package dev.siren.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.tokenizer.decoder.Decoders;
import dev.siren.tokenizer.json.JsonFields;
import dev.siren.tokenizer.json.StrictJson;
import dev.siren.tokenizer.model.Model;
import dev.siren.tokenizer.model.ModelJson;
import dev.siren.tokenizer.model.Models;
import dev.siren.tokenizer.normalizer.Normalizers;
import dev.siren.tokenizer.postprocessor.PostProcessors;
import dev.siren.tokenizer.pretokenizer.PreTokenizer;
import dev.siren.tokenizer.pretokenizer.PreTokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads tokenizer.json (and the special-token names of tokenizer_config.json) into a {@link Tokenizer}. */
final class TokenizerLoader {
    /** Field names are not canonicalized: interning a vocabulary's 150k token names costs more than it saves. */
    private static final ObjectMapper JSON = new ObjectMapper(StrictJson.factoryBuilder(StrictJson.TOKENIZER)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build());
    private static final ObjectMapper CONFIG_JSON = StrictJson.mapper(StrictJson.CONFIG);
    private static final List<String> SPECIAL_ROLES =
            List.of("bos_token", "eos_token", "pad_token", "unk_token", "cls_token", "sep_token", "mask_token");

    private TokenizerLoader() {
    }

    static Tokenizer load(Path fileOrDir) {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve("tokenizer.json") : fileOrDir;
        if (!Files.isRegularFile(file)) {
            throw new TokenizerException(Files.isDirectory(fileOrDir)
                    ? "no tokenizer.json in folder " + fileOrDir
                    : "tokenizer file not found: " + fileOrDir);
        }
        Path parent = file.toAbsolutePath().getParent();
        Path config = parent == null ? null : parent.resolve("tokenizer_config.json");
        try {
            JsonNode configNode = config != null && Files.isRegularFile(config) ? readTree(
                    Files.newInputStream(config), config.toString()) : null;
            return build(Files.newInputStream(file), file.toString(), configNode, String.valueOf(config));
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static Tokenizer fromJson(InputStream in, String source) {
        return build(in, source, null, null);
    }

    private static JsonNode readTree(InputStream in, String source) {
        try (in) {
            JsonNode node = CONFIG_JSON.readTree(in);
            if (node == null || !node.isObject()) {
                throw new TokenizerException(source + ": expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new TokenizerException(source + ": " + StrictJson.problem(e, StrictJson.CONFIG), e);
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * tokenizer.json is streamed: the model's vocab and merges go straight into compact structures (see
     * {@link ModelJson}), everything else becomes a small JSON tree.
     */
    private static Tokenizer build(InputStream in, String source, JsonNode configRoot, String configSource) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ModelJson modelJson = null;
        try (in; JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenizerException(source + ": expected a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (parser.nextToken() == JsonToken.START_OBJECT && field.equals("model")) {
                    modelJson = ModelJson.read(parser, source, "model");
                } else {
                    root.set(field, parser.<JsonNode>readValueAsTree());
                }
            }
        } catch (JsonProcessingException e) {
            throw new TokenizerException(source + ": " + StrictJson.problem(e, StrictJson.TOKENIZER), e);
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + source + ": " + e.getMessage(), e);
        }
        JsonFields json = JsonFields.of(root, source, "", TokenizerException::new);
        if (modelJson == null) {
            json.required("model");
            throw json.get("model").mismatch("an object");
        }
        PreTokenizer preTokenizer = PreTokenizers.fromJson(json.get("pre_tokenizer"));
        boolean byteLevel = PreTokenizers.isByteLevel(preTokenizer);
        Model model = Models.fromJson(modelJson, byteLevel);
        List<AddedToken> added = addedTokens(json.get("added_tokens"));
        EncodingPipeline pipeline = new EncodingPipeline(Normalizers.fromJson(json.get("normalizer")), preTokenizer,
                model, byteLevel, added);
        Map<String, String> specialNames = configRoot == null ? Map.of()
                : specialTokenNames(JsonFields.of(configRoot, configSource, "", TokenizerException::new));
        return new Tokenizer(pipeline, model, added, PostProcessors.fromJson(json.get("post_processor")),
                Decoders.fromJson(json.get("decoder")), truncation(json.get("truncation")),
                padding(json.get("padding")), specialNames, modelJson.config().string("unk_token", null));
    }

    private static List<AddedToken> addedTokens(JsonFields list) {
        List<AddedToken> out = new ArrayList<>();
        if (list.isNull()) {
            return out;
        }
        for (JsonFields t : list.elements()) {
            out.add(new AddedToken(t.required("id").node().asInt(), t.string("content"), t.bool("special", false),
                    t.bool("normalized", !t.bool("special", false)), t.bool("single_word", false),
                    t.bool("lstrip", false), t.bool("rstrip", false)));
        }
        return out;
    }

    private static TruncationSettings truncation(JsonFields t) {
        if (t.isNull()) {
            return null;
        }
        return new TruncationSettings(t.integer("max_length", 512), t.string("direction", "Right"),
                t.string("strategy", "LongestFirst"), t.integer("stride", 0));
    }

    private static PaddingSettings padding(JsonFields p) {
        if (p.isNull()) {
            return null;
        }
        JsonFields strategy = p.get("strategy");
        int fixed = !strategy.isNull() && strategy.node().isObject() ? strategy.get("Fixed").node().asInt(0) : 0;
        return new PaddingSettings(fixed, p.string("direction", "Right"), p.integer("pad_to_multiple_of", 0),
                p.integer("pad_id", 0), p.integer("pad_type_id", 0), p.string("pad_token", "[PAD]"));
    }

    /** bos_token, eos_token, ... of tokenizer_config.json: a string or an {"content": ...} object. */
    private static Map<String, String> specialTokenNames(JsonFields config) {
        Map<String, String> names = new HashMap<>();
        for (String role : SPECIAL_ROLES) {
            JsonFields value = config.get(role);
            if (value.isNull()) {
                continue;
            }
            if (value.node().isTextual()) {
                names.put(role, value.node().asText());
            } else if (value.node().isObject() && value.has("content")) {
                names.put(role, value.string("content"));
            } else {
                throw value.mismatch("a token string or {\"content\": ...}");
            }
        }
        return names;
    }
}
