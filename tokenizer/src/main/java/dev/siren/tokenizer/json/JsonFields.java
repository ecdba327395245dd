package dev.siren.tokenizer.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siren.tokenizer.SirenException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed access to the fields of a JSON document read with {@link StrictJson}: every module's configuration files
 * (tokenizer.json, config.json, siren_config.json, conversations) go through here, so every mistake reads the same:
 * {@code "<file>: field '<path>' is missing"} or {@code "<file>: field '<path>' must be <expected>, found <value>"},
 * thrown as the reading module's own {@link SirenException}.
 */
public final class JsonFields {

    /** The most characters of a value quoted in a message. */
    private static final int MAX_SHOWN = 60;

    private final JsonNode node;
    private final String source;
    private final String path;
    private final Function<String, ? extends SirenException> errors;

    private JsonFields(JsonNode node, String source, String path, Function<String, ? extends SirenException> errors) {
        this.node = node;
        this.source = source;
        this.path = path;
        this.errors = errors;
    }

    /**
     * The document's top level (any JSON value, or null when absent).
     *
     * @param source what to call the document in messages (normally its path)
     * @param errors makes the reading module's exception from a finished one-line message
     */
    public static JsonFields of(JsonNode node, String source, Function<String, ? extends SirenException> errors) {
        return new JsonFields(node, source, "", errors);
    }

    /** {@link #of}, refusing anything but a JSON object. */
    public static JsonFields root(JsonNode node, String source, Function<String, ? extends SirenException> errors) {
        JsonFields root = of(node, source, errors);
        if (node == null || !node.isObject()) {
            throw root.fileError("the file must hold a JSON object, found " + describe(node));
        }
        return root;
    }

    /** A value at {@code path} ("model.merges[3]") of a document, for values read outside a tree (streamed). */
    public static JsonFields of(JsonNode node, String source, String path,
                                Function<String, ? extends SirenException> errors) {
        return new JsonFields(node, source, path, errors);
    }

    public JsonNode node() {
        return node;
    }

    public String source() {
        return source;
    }

    /** Where this value is in its document ("model.vocab", "layers[3]"), empty at the top level. */
    public String path() {
        return path;
    }

    /** Absent or JSON null. */
    public boolean isNull() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** Present and not null. */
    public boolean has(String field) {
        JsonNode child = node == null ? null : node.get(field);
        return child != null && !child.isNull();
    }

    /** The field, possibly absent ({@link #isNull}). */
    public JsonFields get(String field) {
        return new JsonFields(node == null ? null : node.get(field), source, fieldPath(field), errors);
    }

    /** The field's path under this value. */
    public String fieldPath(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The field; absent or null is an error. */
    public JsonFields required(String field) {
        JsonFields child = get(field);
        if (child.isNull()) {
            throw child.error("is missing");
        }
        return child;
    }

    public String string(String field) {
        JsonFields child = required(field);
        if (!child.node.isTextual()) {
            throw child.mismatch("a string");
        }
        return child.node.asText();
    }

    /** The string, or {@code fallback} when the field is absent or null. */
    public String string(String field, String fallback) {
        return has(field) ? string(field) : fallback;
    }

    public boolean bool(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonFields child = get(field);
        if (!child.node.isBoolean()) {
            throw child.mismatch("true or false");
        }
        return child.node.asBoolean();
    }

    public int integer(String field) {
        JsonFields child = required(field);
        if (!child.node.isIntegralNumber() || !child.node.canConvertToInt()) {
            throw child.mismatch("an integer");
        }
        return child.node.asInt();
    }

    public int integer(String field, int fallback) {
        return has(field) ? integer(field) : fallback;
    }

    /** An integer above zero (a size or count). */
    public int positiveInt(String field) {
        JsonFields child = required(field);
        if (!child.node.isIntegralNumber() || !child.node.canConvertToInt() || child.node.asInt() <= 0) {
            throw child.mismatch("a positive integer");
        }
        return child.node.asInt();
    }

    public int positiveInt(String field, int fallback) {
        return has(field) ? positiveInt(field) : fallback;
    }

    public double number(String field) {
        JsonFields child = required(field);
        if (!child.node.isNumber()) {
            throw child.mismatch("a number");
        }
        return child.node.asDouble();
    }

    public double number(String field, double fallback) {
        return has(field) ? number(field) : fallback;
    }

    public JsonFields object(String field) {
        JsonFields child = required(field);
        if (!child.node.isObject()) {
            throw child.mismatch("a JSON object");
        }
        return child;
    }

    /** This value's elements, each with its index in the path ("layers[3]"). */
    public List<JsonFields> elements() {
        if (node == null || !node.isArray()) {
            throw mismatch("a JSON array");
        }
        List<JsonFields> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonFields(node.get(i), source, path + "[" + i + "]", errors));
        }
        return out;
    }

    /** The elements of an array field. */
    public List<JsonFields> array(String field) {
        return required(field).elements();
    }

    public int[] intArray(String field) {
        List<JsonFields> elements = array(field);
        int[] values = new int[elements.size()];
        for (int i = 0; i < values.length; i++) {
            JsonFields element = elements.get(i);
            if (element.isNull() || !element.node.isIntegralNumber() || !element.node.canConvertToInt()) {
                throw element.mismatch("an integer");
            }
            values[i] = element.node.asInt();
        }
        return values;
    }

    /** The {@code type} field of a component ("BPE", "Sequence"). */
    public String type() {
        return string("type");
    }

    /** "{@code <file>: field '<path>' <problem>}" ("is missing", "must be ..., found ..."), as the module's error. */
    public SirenException error(String problem) {
        return fileError(path.isEmpty() ? problem : "field '" + path + "' " + problem);
    }

    /** {@link #error} for a field of this value. */
    public SirenException fieldError(String field, String problem) {
        return get(field).error(problem);
    }

    /** "{@code <file>: must be <expected>, found <value>}" for this value. */
    public SirenException mismatch(String expected) {
        return error("must be " + expected + ", found " + describe(node));
    }

    /** "{@code <file>: <message>}", for problems that span fields. */
    public SirenException fileError(String message) {
        return errors.apply(source + ": " + message);
    }

    /** The error for a component type this library does not implement. */
    public SirenException unsupported(String kind, String supported) {
        return error("is a " + kind + " of type '" + type() + "', which siren-tokenizer does not support (supported: "
                + supported + ")");
    }

    /** A value as a message shows it: scalars as JSON text (long strings cut), containers by kind. */
    public static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        String text = value.toString();
        return text.length() <= MAX_SHOWN ? text
                : text.substring(0, MAX_SHOWN) + "...\" (" + value.asText().length() + " characters)";
    }
}
