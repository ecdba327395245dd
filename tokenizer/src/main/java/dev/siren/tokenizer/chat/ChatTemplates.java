package dev.siren.tokenizer.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siren.tokenizer.TokenizerException;
import dev.siren.tokenizer.chat.jinja.JinjaTemplate;
import dev.siren.tokenizer.json.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Finds a model's chat template where Hugging Face looks for it, with the special tokens it is rendered with. */
final class ChatTemplates {
    private static final ObjectMapper JSON = StrictJson.mapper(StrictJson.CONFIG);

    private ChatTemplates() {
    }

    static ChatFormat load(Path fileOrDir) {
        if (!Files.exists(fileOrDir)) {
            throw new TokenizerException("no such file or folder: " + fileOrDir);
        }
        Path dir = Files.isDirectory(fileOrDir) ? fileOrDir : fileOrDir.toAbsolutePath().getParent();
        Path jinja = fileOrDir.toString().endsWith(".jinja") ? fileOrDir : dir.resolve("chat_template.jinja");
        Path config = dir.resolve("tokenizer_config.json");
        JsonNode configNode = Files.isRegularFile(config) ? readJson(config) : null;
        Map<String, String> special = specialTokens(configNode, config, dir.resolve("special_tokens_map.json"));
        if (Files.isRegularFile(jinja)) { // takes priority over tokenizer_config.json, as in transformers
            return new ChatTemplate(ChatTemplate.parse(read(jinja), jinja.toString()), null, special, jinja.toString());
        }
        JsonNode template = configNode == null ? null : configNode.get("chat_template");
        if (template == null || template.isNull()) {
            return PlainChatFormat.INSTANCE;
        }
        String source = config + " chat_template";
        if (template.isTextual()) {
            return new ChatTemplate(ChatTemplate.parse(template.asText(), source), null, special, source);
        }
        Map<String, String> named = namedTemplates(template, source);
        String main = named.get("default");
        if (main == null) {
            throw new TokenizerException(source + ": several templates " + named.keySet()
                    + " and none named 'default'");
        }
        String tools = named.get("tool_use");
        JinjaTemplate toolTemplate = tools == null ? null : ChatTemplate.parse(tools, source + " 'tool_use'");
        return new ChatTemplate(ChatTemplate.parse(main, source + " 'default'"), toolTemplate, special, source);
    }

    /** tokenizer_config.json's list form {@code [{"name": ..., "template": ...}]} (or an object name -> template). */
    private static Map<String, String> namedTemplates(JsonNode node, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.path("name").isTextual() || !item.path("template").isTextual()) {
                    throw new TokenizerException(source + ": expected a string, or a list of {\"name\", \"template\"}"
                            + " objects, found an item " + item);
                }
                out.put(item.get("name").asText(), item.get("template").asText());
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        } else {
            throw new TokenizerException(source + ": expected a string or a list of named templates, found "
                    + node.getNodeType());
        }
        return out;
    }

    /** bos_token, eos_token, ... as strings: a plain string or an AddedToken object's "content". */
    private static Map<String, String> specialTokens(JsonNode config, Path configFile, Path specialTokensMap) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode fallback = Files.isRegularFile(specialTokensMap) ? readJson(specialTokensMap) : null;
        for (String name : ChatTemplate.specialTokenNames()) {
            String value = token(config, name);
            value = value != null ? value : token(fallback, name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    private static String token(JsonNode json, String name) {
        JsonNode v = json == null ? null : json.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isObject() ? v.path("content").asText(null) : v.asText();
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode node = JSON.readTree(read(file));
            if (node == null || !node.isObject()) {
                throw new TokenizerException(file + ": expected a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TokenizerException(file + ": " + StrictJson.problem(e, StrictJson.CONFIG));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
