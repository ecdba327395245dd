package dev.siren.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siren.engine.ModelFormatException;

import java.nio.file.Path;

/** Typed access to config.json fields with errors that name the file, the field and what was expected. */
final class JsonFields {

    private final Path file;
    private final JsonNode root;

    JsonFields(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    JsonNode node(String field) {
        return root.path(field);
    }

    boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    int requireInt(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw error(field, "missing", "an integer");
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
            throw error(field, "is " + n, "a positive integer");
        }
        return n.asInt();
    }

    int optInt(String field, int fallback) {
        return has(field) ? requireInt(field) : fallback;
    }

    double optDouble(JsonNode obj, String where, String field, double fallback) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw error(where + field, "is " + n, "a number");
        }
        return n.asDouble();
    }

    double optDouble(String field, double fallback) {
        return optDouble(root, "", field, fallback);
    }

    boolean optBoolean(String field, boolean fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw error(field, "is " + n, "true or false");
        }
        return n.asBoolean();
    }

    String optText(String field, String fallback) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    ModelFormatException error(String field, String found, String expected) {
        return new ModelFormatException(file + ": field '" + field + "' " + found + " (expected " + expected + ")");
    }
}
