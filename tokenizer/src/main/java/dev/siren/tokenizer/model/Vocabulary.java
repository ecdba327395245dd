package dev.siren.tokenizer.model;

import java.util.Map;

/** A model's token-to-id map and its inverse. */
public final class Vocabulary {
    private final Map<String, Integer> ids;
    private final String[] tokens;

    private Vocabulary(Map<String, Integer> ids, String[] tokens) {
        this.ids = ids;
        this.tokens = tokens;
    }

    /** The vocabulary of a token-to-id map (taken over, not copied). */
    public static Vocabulary of(Map<String, Integer> ids) {
        int maxId = -1;
        for (int id : ids.values()) {
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
