package dev.siren.guard.head;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to one JSON object of a config file, where every failure names the file and the field path
 * ("siren_config.json: field 'backbone.num_layers' ...") instead of surfacing a parser exception.
 */
final class JsonFields {

    private final String file;
    private final String path;
    private final JsonNode node;

    JsonFields(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    static JsonFields root(String file, JsonNode node) {
        JsonFields root = new JsonFields(file, "", node);
        if (node == null || !node.isObject()) {
            throw root.error("the file must hold a JSON object");
        }
        return root;
    }

    JsonNode node() {
        return node;
    }

    boolean has(String name) {
        return node.hasNonNull(name);
    }

    String fieldPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    InvalidHeadException error(String message) {
        return new InvalidHeadException(file + ": " + message);
    }

    InvalidHeadException fieldError(String name, String message) {
        return error("field '" + fieldPath(name) + "' " + message);
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw fieldError(name, "is missing");
        }
        return value;
    }

    String string(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw fieldError(name, "must be a string, found " + value);
        }
        return value.asText();
    }

    String optionalString(String name) {
        return has(name) ? string(name) : null;
    }

    int integer(String name) {
        JsonNode value = required(name);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw fieldError(name, "must be an integer, found " + value);
        }
        return value.asInt();
    }

    double number(String name) {
        JsonNode value = required(name);
        if (!value.isNumber()) {
            throw fieldError(name, "must be a number, found " + value);
        }
        return value.asDouble();
    }

    JsonFields object(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw fieldError(name, "must be a JSON object, found " + value.getNodeType());
        }
        return new JsonFields(file, fieldPath(name), value);
    }

    /** The elements of an array field, each wrapped with its index in the path ("layers[3]"). */
    List<JsonFields> array(String name) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw fieldError(name, "must be a JSON array, found " + value.getNodeType());
        }
        List<JsonFields> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(new JsonFields(file, fieldPath(name) + "[" + i + "]", value.get(i)));
        }
        return elements;
    }

    int[] intArray(String name) {
        List<JsonFields> elements = array(name);
        int[] values = new int[elements.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = elements.get(i).node;
            if (!element.isIntegralNumber() || !element.canConvertToInt()) {
                throw error("field '" + fieldPath(name) + "[" + i + "]' must be an integer, found " + element);
            }
            values[i] = element.asInt();
        }
        return values;
    }
}
