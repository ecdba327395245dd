package dev.siren.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/** Typed access to request fields; a missing or mistyped field becomes a 400 naming the field. */
final class JsonFields {

    private JsonFields() {
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
                    "'threshold' must be a number in [0, 1], found " + describe(node) + ".");
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
                    "'" + param + "' must be a string, found " + describe(node) + ".");
        }
        String text = node.textValue();
        if (text.isEmpty()) {
            throw ApiException.invalid("empty_input", param, "'" + param + "' must not be empty.");
        }
        if (text.length() > maxChars) {
            throw ApiException.tooLarge("input_too_long", param,
                    "'" + param + "' has " + text.length() + " characters; the limit is " + maxChars + ".");
        }
        if (hasLoneSurrogate(text)) {
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

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
