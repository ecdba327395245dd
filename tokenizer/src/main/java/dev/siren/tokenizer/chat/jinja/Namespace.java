package dev.siren.tokenizer.chat.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/** The object {@code namespace(...)} returns: the one thing whose attributes {@code set ns.x = ...} may change. */
record Namespace(Map<String, Object> attributes) {
    Namespace() {
        this(new LinkedHashMap<>());
    }
}
