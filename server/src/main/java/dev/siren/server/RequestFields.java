package dev.siren.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.tokenizer.json.JsonFields;
import dev.siren.tokenizer.json.StrictJson;

/**
 * Typed access to request fields; a missing or mistyped field becomes an API error (400 or 413) with its code and
 * the field, worded as {@link JsonFields} words configuration errors.
 */
final class RequestFields {

    private RequestFields() {
    }

    static String requiredText(ObjectNode body, String field, int maxChars) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.invalid("missing_field", field, "'" + field + "' is required.");
        }
        return text(node, field, maxChars);
    }

    /** An optional string; absent or null gives null. */
    static String optionalText(ObjectNode body, String field, int maxChars) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : text(node, field, maxChars);
    }

    /** An optional threshold in [0, 1]; absent or null gives {@code fallback}. */
    static double optionalThreshold(ObjectNode body, double fallback) {
        JsonNode node = body.get("threshold");
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw ApiException.invalid("invalid_type", "threshold",
                    "'threshold' must be a number in [0, 1], found " + JsonFields.describe(node) + ".");
        }
        double value = node.doubleValue();
        if (!(value >= 0 && value <= 1)) {
            throw ApiException.invalid("invalid_value", "threshold",
                    "'threshold' must be in [0, 1], found " + node.asText() + ".");
        }
        return value;
    }

    /** Checks a JSON value is a usable text: a string, not empty, within the limit, with no lone surrogate. */
    static String text(JsonNode node, String param, int maxChars) {
        if (!node.isTextual()) {
            throw ApiException.invalid("invalid_type", param,
                    "'" + param + "' must be a string, found " + JsonFields.describe(node) + ".");
        }
        String text = node.textValue();
        if (text.isEmpty()) {
            throw ApiException.invalid("empty_input", param, "'" + param + "' must not be empty.");
        }
        if (text.length() > maxChars) {
            throw ApiException.tooLarge("input_too_long", param,
                    "'" + param + "' has " + text.length() + " characters; the limit is " + maxChars + ".");
        }
        if (!StrictJson.isWellFormed(text)) {
            throw ApiException.invalid("invalid_unicode", param,
                    "'" + param + "' contains an unpaired UTF-16 surrogate escape (e.g. \"\\ud800\"), which is not text.");
        }
        return text;
    }

    static void checkCombinedLength(String text, String param, int maxChars) {
        if (text.length() > maxChars) {
            throw ApiException.tooLarge("input_too_long", param,
                    "The text to score has " + text.length() + " characters; the limit is " + maxChars + ".");
        }
    }
}
