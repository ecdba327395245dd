package dev.siren.tokenizer.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.siren.tokenizer.TokenizerException;
import dev.siren.tokenizer.json.JsonFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * tokenizer.json's "model" object, read from a stream: "vocab" and "merges" (hundreds of thousands of entries) go
 * straight into compact structures, which loads several times faster than a JSON tree; the small fields stay a tree.
 *
 * @param vocab  the token-to-id object, or null when "vocab" is absent or not an object (left in {@code config})
 * @param merges the merge rules as [left, right] pairs, or null when "merges" is absent or not an array
 */
public record ModelJson(JsonFields config, Map<String, Integer> vocab, List<String[]> merges) {

    /** Reads the model object the parser is positioned on (its START_OBJECT). */
    public static ModelJson read(JsonParser parser, String source, String path) throws IOException {
        ObjectNode small = JsonNodeFactory.instance.objectNode();
        Map<String, Integer> vocab = null;
        List<String[]> merges = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("vocab") && value == JsonToken.START_OBJECT) {
                vocab = readVocab(parser, JsonFields.of(null, source, path + ".vocab", TokenizerException::new));
            } else if (field.equals("merges") && value == JsonToken.START_ARRAY) {
                merges = readMerges(parser, source, path + ".merges");
            } else {
                small.set(field, parser.<JsonNode>readValueAsTree());
            }
        }
        return new ModelJson(JsonFields.of(small, source, path, TokenizerException::new), vocab, merges);
    }

    /** The vocabulary; an error naming "vocab" when it is missing or not an object. */
    public Vocabulary vocabulary() {
        if (vocab == null) {
            JsonFields field = config.required("vocab");
            throw field.mismatch("an object of token: id");
        }
        return Vocabulary.of(vocab);
    }

    /** The merge rules; an error naming "merges" when they are missing or not an array. */
    public List<String[]> mergeRules() {
        if (merges == null) {
            JsonFields field = config.required("merges");
            throw field.mismatch("an array of merges");
        }
        return merges;
    }

    private static Map<String, Integer> readVocab(JsonParser parser, JsonFields where) throws IOException {
        Map<String, Integer> ids = new HashMap<>(1 << 16);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String token = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value != JsonToken.VALUE_NUMBER_INT || parser.getIntValue() < 0) {
                throw where.error("entry \"" + token + "\" must be a non-negative integer id, found "
                        + parser.getText());
            }
            ids.put(token, parser.getIntValue());
        }
        return ids;
    }

    private static List<String[]> readMerges(JsonParser parser, String source, String path) throws IOException {
        List<String[]> rules = new ArrayList<>(1 << 16);
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            JsonFields rule = JsonFields.of(null, source, path + "[" + rules.size() + "]", TokenizerException::new);
            if (t == JsonToken.VALUE_STRING) {
                String text = parser.getText();
                int space = text.indexOf(' ');
                if (space < 0 || text.indexOf(' ', space + 1) >= 0) {
                    throw rule.error("must be a merge \"left right\" with exactly one space, found \"" + text + "\"");
                }
                rules.add(new String[] {text.substring(0, space), text.substring(space + 1)});
            } else if (t == JsonToken.START_ARRAY && parser.nextToken() == JsonToken.VALUE_STRING) {
                String left = parser.getText();
                String right = parser.nextToken() == JsonToken.VALUE_STRING ? parser.getText() : null;
                if (right == null || parser.nextToken() != JsonToken.END_ARRAY) {
                    throw rule.error("must be [\"left\", \"right\"]");
                }
                rules.add(new String[] {left, right});
            } else {
                throw rule.error("must be \"left right\" or [\"left\", \"right\"], found " + parser.getText());
            }
        }
        return rules;
    }
}
