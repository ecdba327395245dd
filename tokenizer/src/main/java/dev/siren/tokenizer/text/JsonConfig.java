package dev.siren.tokenizer.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siren.tokenizer.TokenizerException;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of tokenizer.json together with its path, so every error names the file, the field and what was expected.
 */
public record JsonConfig(JsonNode node, String source, String path) {

    public boolean isNull() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    public boolean has(String field) {
        JsonNode child = node == null ? null : node.get(field);
        return child != null && !child.isNull();
    }

    public JsonConfig get(String field) {
        JsonNode child = node == null ? null : node.get(field);
        return new JsonConfig(child, source, path.isEmpty() ? field : path + "." + field);
    }

    public JsonConfig required(String field) {
        JsonConfig child = get(field);
        if (child.isNull()) {
            throw child.error("is missing");
        }
        return child;
    }

    public String string(String field) {
        JsonConfig child = required(field);
        if (!child.node.isTextual()) {
            throw child.error("expected a string, found " + child.node.getNodeType());
        }
        return child.node.asText();
    }

    /** The string value, or {@code fallback} when the field is absent or null. */
    public String string(String field, String fallback) {
        return has(field) ? string(field) : fallback;
    }

    public boolean bool(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonConfig child = get(field);
        if (!child.node.isBoolean()) {
            throw child.error("expected true or false, found " + child.node);
        }
        return child.node.asBoolean();
    }

    public int integer(String field, int fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonConfig child = get(field);
        if (!child.node.canConvertToInt()) {
            throw child.error("expected an integer, found " + child.node);
        }
        return child.node.asInt();
    }

    public List<JsonConfig> elements() {
        if (!node.isArray()) {
            throw error("expected an array, found " + node.getNodeType());
        }
        List<JsonConfig> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonConfig(node.get(i), source, path + "[" + i + "]"));
        }
        return out;
    }

    public String type() {
        return string("type");
    }

    public TokenizerException error(String problem) {
        return new TokenizerException(source + ": " + (path.isEmpty() ? "" : path + " ") + problem);
    }

    /** The error for a component type this library does not implement. */
    public TokenizerException unsupported(String kind, String supported) {
        return error("is a " + kind + " of type '" + type() + "', which siren-tokenizer does not support (supported: "
                + supported + ")");
    }
}
