package dev.siren.tokenizer.chat.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Jinja2's built-in filters that chat templates use, with Hugging Face's {@code tojson}. */
final class Filters {
    private Filters() {
    }

    static Object apply(String name, Object v, List<Object> args, Map<String, Object> kw) {
        Args a = new Args(name, args, kw);
        return switch (name) {
            case "tojson" -> new PyJson(Py.truthy(a.get(0, "ensure_ascii", false)), a.get(1, "indent", null),
                    a.get(2, "separators", null), Py.truthy(a.get(3, "sort_keys", false))).dumps(v);
            case "length", "count" -> (long) Py.length(v);
            case "trim" -> Py.strip(Py.str(v), a.get(0, "chars", null) instanceof String chars ? chars : null);
            case "default", "d" -> v instanceof Undefined || Py.truthy(a.get(1, "boolean", false)) && !Py.truthy(v)
                    ? a.get(0, "default_value", "") : v;
            case "first" -> {
                List<Object> items = Py.iterate(v);
                yield items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
            }
            case "last" -> {
                List<Object> items = Py.iterate(v);
                yield items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.getLast();
            }
            case "join" -> {
                StringBuilder b = new StringBuilder();
                String sep = Py.str(a.get(0, "d", ""));
                Object attribute = a.get(1, "attribute", null);
                List<Object> items = Py.iterate(v);
                for (int i = 0; i < items.size(); i++) {
                    Object item = attribute == null ? items.get(i) : Access.getitem(items.get(i), attribute);
                    b.append(i == 0 ? "" : sep).append(Py.str(item));
                }
                yield b.toString();
            }
            case "upper" -> Py.str(v).toUpperCase(Locale.ROOT);
            case "lower" -> Py.str(v).toLowerCase(Locale.ROOT);
            case "capitalize" -> Methods.capitalize(Py.str(v));
            case "title" -> Methods.title(Py.str(v));
            case "replace" -> Methods.bind(Py.str(v), "replace").call(a.get(2, "count", null) == null
                    ? java.util.Arrays.asList(a.get(0, "old", ""), a.get(1, "new", ""))
                    : java.util.Arrays.asList(a.get(0, "old", ""), a.get(1, "new", ""), a.get(2, "count", null)),
                    Map.of());
            case "list" -> Py.iterate(v);
            case "string" -> Py.str(v);
            case "safe" -> v;
            case "escape", "e" -> Py.str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&#34;").replace("'", "&#39;");
            case "int" -> toInt(v, a.get(0, "default", 0L));
            case "float" -> toFloat(v, a.get(0, "default", 0.0));
            case "abs" -> v instanceof Double d ? (Object) Math.abs(d) : (Object) Py.toBig(v).abs().longValue();
            case "round" -> round(v, a);
            case "items" -> v instanceof Undefined ? List.of() : Methods.bind(mapping(v, name), "items")
                    .call(List.of(), Map.of());
            case "reverse" -> {
                if (v instanceof String s) {
                    yield new StringBuilder(s).reverse().toString();
                }
                List<Object> items = new ArrayList<>(Py.iterate(v));
                Collections.reverse(items);
                yield items;
            }
            case "sort" -> sort(v, Py.truthy(a.get(0, "reverse", false)), Py.truthy(a.get(1, "case_sensitive", false)),
                    a.get(2, "attribute", null));
            case "dictsort" -> {
                List<Object> pairs = new ArrayList<>(Py.iterate(apply("items", v, List.of(), Map.of())));
                boolean caseSensitive = Py.truthy(a.get(0, "case_sensitive", false));
                int by = "value".equals(a.get(1, "by", "key")) ? 1 : 0;
                pairs.sort((x, y) -> Py.compare(fold(((Tuple) x).items().get(by), caseSensitive),
                        fold(((Tuple) y).items().get(by), caseSensitive), "<"));
                if (Py.truthy(a.get(2, "reverse", false))) {
                    Collections.reverse(pairs);
                }
                yield pairs;
            }
            case "unique" -> {
                List<Object> out = new ArrayList<>();
                for (Object x : Py.iterate(v)) {
                    if (out.stream().noneMatch(y -> Py.eq(fold(x, false), fold(y, false)))) {
                        out.add(x);
                    }
                }
                yield out;
            }
            case "map" -> {
                List<Object> out = new ArrayList<>();
                Object attribute = kw.get("attribute");
                for (Object x : Py.iterate(v)) {
                    if (attribute != null) {
                        Object got = Access.getitem(x, attribute);
                        out.add(got instanceof Undefined && kw.containsKey("default") ? kw.get("default") : got);
                    } else {
                        if (args.isEmpty()) {
                            throw Py.typeError("map needs a filter name or attribute=");
                        }
                        out.add(apply(Py.str(args.get(0)), x, args.subList(1, args.size()), Map.of()));
                    }
                }
                yield out;
            }
            case "select", "reject" -> select(v, args, null, name.equals("select"));
            case "selectattr", "rejectattr" -> {
                if (args.isEmpty()) {
                    throw Py.typeError(name + " needs an attribute name");
                }
                yield select(v, args.subList(1, args.size()), args.get(0), name.equals("selectattr"));
            }
            case "indent" -> indent(Py.str(v), a.get(0, "width", 4L), Py.truthy(a.get(1, "first", false)),
                    Py.truthy(a.get(2, "blank", false)));
            case "max", "min" -> {
                List<Object> items = Py.iterate(v);
                if (items.isEmpty()) {
                    yield new Undefined("No aggregated item, sequence was empty.");
                }
                Object best = items.get(0);
                for (Object x : items) {
                    int c = Py.compare(fold(x, false), fold(best, false), "<");
                    best = name.equals("max") ? (c > 0 ? x : best) : (c < 0 ? x : best);
                }
                yield best;
            }
            case "sum" -> {
                Object total = a.get(1, "start", 0L);
                Object attribute = a.get(0, "attribute", null);
                for (Object x : Py.iterate(v)) {
                    total = Arithmetic.binary("+", total, attribute == null ? x : Access.getitem(x, attribute));
                }
                yield total;
            }
            default -> throw new TemplateException("no filter named '" + name + "'");
        };
    }

    private static Map<?, ?> mapping(Object v, String filter) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw Py.typeError("can only use the " + filter + " filter on a mapping, not " + Py.typeName(v));
    }

    private static Object fold(Object v, boolean caseSensitive) {
        return !caseSensitive && v instanceof String s ? s.toLowerCase(Locale.ROOT) : v;
    }

    private static List<Object> sort(Object v, boolean reverse, boolean caseSensitive, Object attribute) {
        List<Object> items = new ArrayList<>(Py.iterate(v));
        items.sort((x, y) -> Py.compare(fold(attribute == null ? x : Access.getitem(x, attribute), caseSensitive),
                fold(attribute == null ? y : Access.getitem(y, attribute), caseSensitive), "<"));
        if (reverse) {
            Collections.reverse(items);
        }
        return items;
    }

    private static List<Object> select(Object v, List<Object> testArgs, Object attribute, boolean keep) {
        List<Object> out = new ArrayList<>();
        for (Object x : Py.iterate(v)) {
            Object subject = attribute == null ? x : Access.getitem(x, attribute);
            boolean pass = testArgs.isEmpty() ? Py.truthy(subject)
                    : Tests.apply(Py.str(testArgs.get(0)), subject, testArgs.subList(1, testArgs.size()));
            if (pass == keep) {
                out.add(x);
            }
        }
        return out;
    }

    private static Object toInt(Object v, Object dflt) {
        return switch (v) {
            case Long l -> l;
            case Boolean b -> b ? 1L : 0L;
            case Double d -> Double.isFinite(d) ? (long) (double) d : dflt;
            case String s -> {
                try {
                    yield Long.parseLong(s.strip().replace("_", ""));
                } catch (NumberFormatException e) {
                    try {
                        yield (long) Double.parseDouble(s.strip());
                    } catch (NumberFormatException e2) {
                        yield dflt;
                    }
                }
            }
            case null, default -> dflt;
        };
    }

    private static Object toFloat(Object v, Object dflt) {
        if (Py.isNumber(v)) {
            return Py.toDouble(v);
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }

    private static Object round(Object v, Args a) {
        int precision = (int) Py.toBig(a.get(0, "precision", 0L)).longValue();
        String method = Py.str(a.get(1, "method", "common"));
        java.math.RoundingMode mode = switch (method) {
            case "common" -> java.math.RoundingMode.HALF_UP;
            case "ceil" -> java.math.RoundingMode.CEILING;
            case "floor" -> java.math.RoundingMode.FLOOR;
            default -> throw new TemplateException("round: method must be 'common', 'ceil' or 'floor'");
        };
        return new java.math.BigDecimal(Py.floatRepr(Py.toDouble(v)).replace("inf", "Infinity"))
                .setScale(precision, mode).doubleValue();
    }

    private static String indent(String s, Object width, boolean first, boolean blank) {
        String pad = width instanceof String w ? w : " ".repeat((int) Py.toBig(width).longValue());
        String[] lines = s.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append('\n');
            }
            boolean indentThis = i == 0 ? first : blank || !lines[i].isBlank();
            b.append(indentThis ? pad : "").append(lines[i]);
        }
        return b.toString();
    }

    /** A filter's arguments by position or by name, with defaults. */
    private record Args(String filter, List<Object> positional, Map<String, Object> named) {
        Object get(int index, String name, Object dflt) {
            if (index < positional.size()) {
                return positional.get(index);
            }
            return named.containsKey(name) ? named.get(name) : dflt;
        }
    }
}
