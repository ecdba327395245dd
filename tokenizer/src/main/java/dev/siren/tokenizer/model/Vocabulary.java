package dev.siren.tokenizer.model;

import dev.siren.tokenizer.text.JsonConfig;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** A model's token-to-id map and its inverse. */
public final class Vocabulary {
    private final Map<String, Integer> ids;
    private final String[] tokens;

    private Vocabulary(Map<String, Integer> ids, String[] tokens) {
        this.ids = ids;
        this.tokens = tokens;
    }

    /** Reads a {"token": id, ...} object. */
    public static Vocabulary fromJson(JsonConfig vocab) {
        if (!vocab.node().isObject()) {
            throw vocab.error("expected an object of token: id, found " + vocab.node().getNodeType());
        }
        Map<String, Integer> ids = HashMap.newHashMap(vocab.node().size());
        int maxId = -1;
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = vocab.node().fields();
                it.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0) {
                throw vocab.get(e.getKey()).error("expected a non-negative integer id, found " + e.getValue());
            }
            int id = e.getValue().asInt();
            ids.put(e.getKey(), id);
            maxId = Math.max(maxId, id);
        }
        String[] tokens = new String[maxId + 1];
        ids.forEach((token, id) -> tokens[id] = token);
        return new Vocabulary(ids, tokens);
    }

    /** The id, or -1. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    public String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    public int size() {
        return tokens.length;
    }
}
