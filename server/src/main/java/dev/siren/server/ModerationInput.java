package dev.siren.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.tokenizer.json.JsonFields;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads OpenAI's moderation {@code input}, in its three forms: a string (one input), an array of strings (one input
 * each), or an array of content parts {@code {"type": "text", "text": ...}} (one multimodal input; its text parts
 * are joined by newlines). Image parts are refused: SIREN reads text only.
 */
final class ModerationInput {

    private static final String FIELD = "input";

    private ModerationInput() {
    }

    /** The texts to score, one per result. */
    static List<String> texts(ObjectNode body, int maxItems, int maxChars) {
        JsonNode node = body.get(FIELD);
        if (node == null || node.isNull()) {
            throw ApiException.invalid("missing_field", FIELD, "'input' is required.");
        }
        if (node.isTextual()) {
            return List.of(RequestFields.text(node, FIELD, maxChars));
        }
        if (!node.isArray()) {
            throw ApiException.invalid("invalid_type", FIELD,
                    "'input' must be a string or an array, found " + JsonFields.describe(node) + ".");
        }
        if (node.isEmpty()) {
            throw ApiException.invalid("empty_input", FIELD, "'input' must not be an empty array.");
        }
        if (node.size() > maxItems) {
            throw ApiException.tooLarge("too_many_inputs", FIELD,
                    "'input' has " + node.size() + " items; at most " + maxItems + " are accepted per request.");
        }
        return node.get(0).isObject() ? List.of(contentParts(node, maxChars)) : strings(node, maxChars);
    }

    private static List<String> strings(JsonNode array, int maxChars) {
        List<String> texts = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            texts.add(RequestFields.text(array.get(i), FIELD + "[" + i + "]", maxChars));
        }
        return texts;
    }

    private static String contentParts(JsonNode array, int maxChars) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < array.size(); i++) {
            String param = FIELD + "[" + i + "]";
            JsonNode part = array.get(i);
            if (!part.isObject()) {
                throw ApiException.invalid("invalid_type", param,
                        "'" + param + "' must be a content part object like the others, found " + JsonFields.describe(part) + ".");
            }
            JsonNode type = part.get("type");
            if (type == null || !type.isTextual()) {
                throw ApiException.invalid("missing_field", param + ".type", "'" + param + ".type' is required.");
            }
            if (!type.textValue().equals("text")) {
                throw ApiException.invalid("unsupported_input_type", param + ".type",
                        "Only text parts can be moderated by this service, found type '" + type.textValue() + "'.");
            }
            JsonNode partText = part.get("text");
            if (partText == null || partText.isNull()) {
                throw ApiException.invalid("missing_field", param + ".text", "'" + param + ".text' is required.");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(RequestFields.text(partText, param + ".text", maxChars));
        }
        RequestFields.checkCombinedLength(text.toString(), FIELD, maxChars);
        return text.toString();
    }
}
