package dev.siren.tokenizer.chat.jinja;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(value, ensure_ascii, indent, separators, sort_keys)}, which is Hugging Face's
 * {@code tojson} filter (default {@code ensure_ascii=False}, unlike Jinja2's own filter, and no HTML escaping).
 */
final class PyJson {
    private final boolean ensureAscii;
    private final String indent; // null: one line
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;

    PyJson(boolean ensureAscii, Object indent, Object separators, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        this.indent = switch (indent) {
            case null -> null;
            case String s -> s;
            case Long n -> " ".repeat((int) Math.max(0, n));
            default -> throw Py.typeError("tojson indent must be an int or a string, not " + Py.typeName(indent));
        };
        if (separators == null) {
            this.itemSeparator = this.indent == null ? ", " : ",";
            this.keySeparator = ": ";
        } else {
            List<Object> pair = separators instanceof Tuple t ? t.items() : separators instanceof List<?> l
                    ? new ArrayList<>(l) : List.of();
            if (pair.size() != 2 || !(pair.get(0) instanceof String) || !(pair.get(1) instanceof String)) {
                throw Py.typeError("tojson separators must be a pair of strings");
            }
            this.itemSeparator = (String) pair.get(0);
            this.keySeparator = (String) pair.get(1);
        }
        this.sortKeys = sortKeys;
    }

    String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private void write(Object v, StringBuilder out, int level) {
        switch (v) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Long l -> out.append(l);
            case BigInteger b -> out.append(b);
            case Double d -> out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity"
                    : "-Infinity") : Py.floatRepr(d));
            case String s -> string(s, out);
            case List<?> l -> array(new ArrayList<>(l), out, level);
            case Tuple t -> array(t.items(), out, level);
            case Map<?, ?> m -> object(m, out, level);
            default -> throw Py.typeError("Object of type " + Py.typeName(v) + " is not JSON serializable");
        }
    }

    private void array(List<Object> items, StringBuilder out, int level) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : itemSeparator);
            newline(out, level + 1);
            write(items.get(i), out, level + 1);
        }
        newline(out, level);
        out.append(']');
    }

    private void object(Map<?, ?> map, StringBuilder out, int level) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        map.forEach((k, v) -> entries.add(new java.util.AbstractMap.SimpleEntry<>(key(k), v)));
        if (sortKeys) {
            entries.sort((a, b) -> Py.compareCodePoints(a.getKey(), b.getKey()));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            out.append(i == 0 ? "" : itemSeparator);
            newline(out, level + 1);
            string(entries.get(i).getKey(), out);
            out.append(keySeparator);
            write(entries.get(i).getValue(), out, level + 1);
        }
        newline(out, level);
        out.append('}');
    }

    private static String key(Object k) {
        return switch (k) {
            case String s -> s;
            case null -> "null";
            case Boolean b -> b ? "true" : "false";
            case Long l -> l.toString();
            case Double d -> Py.floatRepr(d);
            default -> throw Py.typeError("keys must be str, int, float, bool or None, not " + Py.typeName(k));
        };
    }

    private void newline(StringBuilder out, int level) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(level));
        }
    }

    private void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || ensureAscii && c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c)); // UTF-16 units: surrogate pairs as Python
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
