package dev.siren.tokenizer.chat.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Python's semantics for the values a template sees: None is {@code null}, int is {@link Long}, float is
 * {@link Double}, str, list ({@link List}), tuple ({@link Tuple}), dict ({@link Map}, insertion-ordered). Strings are
 * indexed and measured in code points, as Python's are.
 */
final class Py {
    private Py() {
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Boolean b -> "bool";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case String s -> "str";
            case List<?> l -> "list";
            case Tuple t -> "tuple";
            case Map<?, ?> m -> "dict";
            case Namespace n -> "Namespace";
            case Undefined u -> "Undefined";
            case Loop l -> "LoopContext";
            case PyCallable c -> "function";
            default -> v.getClass().getSimpleName();
        };
    }

    static TemplateException typeError(String message) {
        return new TemplateException("TypeError: " + message);
    }

    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case BigInteger b -> b.signum() != 0;
            case Double d -> d != 0.0;
            case String s -> !s.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            case Tuple t -> !t.items().isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** Python's {@code str()}, which is what {@code {{ value }}} prints. */
    static String str(Object v) {
        return switch (v) {
            case null -> "None";
            case Undefined u -> "";
            case String s -> s;
            case Boolean b -> b ? "True" : "False";
            case Double d -> floatRepr(d);
            case Long l -> l.toString();
            case BigInteger b -> b.toString();
            default -> repr(v);
        };
    }

    static String repr(Object v) {
        return switch (v) {
            case String s -> stringRepr(s);
            case List<?> l -> join("[", l, "]");
            case Tuple t -> t.items().size() == 1 ? "(" + repr(t.items().get(0)) + ",)" : join("(", t.items(), ")");
            case Map<?, ?> m -> {
                StringBuilder b = new StringBuilder("{");
                m.forEach((k, x) -> b.append(b.length() > 1 ? ", " : "").append(repr(k)).append(": ").append(repr(x)));
                yield b.append('}').toString();
            }
            case Namespace n -> "<Namespace " + repr(n.attributes()) + ">";
            case PyCallable c -> "<function>";
            case null, default -> str(v);
        };
    }

    private static String join(String open, List<?> items, String close) {
        StringBuilder b = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(repr(items.get(i)));
        }
        return b.append(close).toString();
    }

    private static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(quote);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c == quote) {
                        b.append('\\').appendCodePoint(c);
                    } else if (isPrintable(c)) {
                        b.appendCodePoint(c);
                    } else if (c < 0x100) {
                        b.append(String.format("\\x%02x", c));
                    } else if (c < 0x10000) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return b.append(quote).toString();
    }

    /** Python's str.isprintable() for one code point: not a control, format, separator (but space) or unassigned. */
    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.UNASSIGNED && type != Character.SPACE_SEPARATOR
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back to the same double (as Java's
     * {@code Double.toString} finds them), positional for exponents -4..15, else {@code 1e-05} / {@code 1.5e+16}.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String sign = d < 0 ? "-" : "";
        int exponent = exact.precision() - exact.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = exact.unscaledValue().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        String plain = exact.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    static Object parseInt(String digits) {
        BigInteger value = new BigInteger(digits);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    // ---- equality, ordering, membership -----------------------------------------------------------------------

    static boolean eq(Object a, Object b) {
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(a, b) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return listEq(x, y);
        }
        if (a instanceof Tuple x && b instanceof Tuple y) {
            return listEq(x.items(), y.items());
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static boolean listEq(List<?> x, List<?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!eq(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof BigInteger;
    }

    /** Python's {@code <}: numbers with numbers, strings by code point, lists element-wise; else a TypeError. */
    static int compare(Object a, Object b, String op) {
        if (isNumber(a) && isNumber(b)) {
            return compareNumbers(a, b);
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        List<?> x = a instanceof Tuple t ? t.items() : a instanceof List<?> l ? l : null;
        List<?> y = b instanceof Tuple t ? t.items() : b instanceof List<?> l ? l : null;
        if (x != null && y != null && (a instanceof Tuple) == (b instanceof Tuple)) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return compare(x.get(i), y.get(i), op);
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        throw typeError("'" + op + "' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Boolean.compare(i < x.length(), j < y.length());
    }

    private static int compareNumbers(Object a, Object b) {
        if (a instanceof Double || b instanceof Double) {
            return Double.compare(toDouble(a), toDouble(b)) == 0 ? 0 : toDouble(a) < toDouble(b) ? -1 : 1;
        }
        return toBig(a).compareTo(toBig(b));
    }

    static double toDouble(Object n) {
        return switch (n) {
            case Boolean b -> b ? 1 : 0;
            case Number x -> x.doubleValue();
            case null, default -> throw typeError("expected a number, found " + typeName(n));
        };
    }

    static BigInteger toBig(Object n) {
        return switch (n) {
            case Boolean b -> b ? BigInteger.ONE : BigInteger.ZERO;
            case BigInteger b -> b;
            case Long l -> BigInteger.valueOf(l);
            case null, default -> throw typeError("expected an integer, found " + typeName(n));
        };
    }

    static boolean contains(Object container, Object item) {
        return switch (container) {
            case String s -> {
                if (!(item instanceof String sub)) {
                    throw typeError("'in <string>' requires string as left operand, not " + typeName(item));
                }
                yield s.contains(sub);
            }
            case Map<?, ?> m -> m.containsKey(item);
            case Namespace n -> false;
            case Undefined u -> false;
            case null, default -> {
                if (container == null || !(container instanceof Collection<?> || container instanceof Tuple)) {
                    throw typeError("argument of type '" + typeName(container) + "' is not iterable");
                }
                for (Object x : iterate(container)) {
                    if (eq(x, item)) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    /** The items {@code for} sees: a list's items, a dict's keys, a string's characters; Undefined is empty. */
    static List<Object> iterate(Object v) {
        return switch (v) {
            case List<?> l -> new ArrayList<>(l);
            case Tuple t -> t.items();
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case String s -> s.codePoints().mapToObj(Character::toString).map(c -> (Object) c).toList();
            case Undefined u -> List.of();
            case null, default -> throw typeError("'" + typeName(v) + "' object is not iterable");
        };
    }

    static int length(Object v) {
        return switch (v) {
            case String s -> s.codePointCount(0, s.length());
            case Collection<?> c -> c.size();
            case Tuple t -> t.items().size();
            case Map<?, ?> m -> m.size();
            case Undefined u -> 0;
            case null, default -> throw typeError("object of type '" + typeName(v) + "' has no len()");
        };
    }

    // ---- whitespace -------------------------------------------------------------------------------------------

    /** Python's str.isspace() for one char (Java's isWhitespace misses the no-break spaces and U+0085). */
    static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || c == '\u0085' || c == '\u00a0' || c == '\u2007' || c == '\u202f';
    }

    static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Python's {@code s.strip(chars)}; {@code chars == null} strips whitespace. */
    static String strip(String s, String chars) {
        return rstrip(lstrip(s, chars), chars);
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (!stripped(c, chars)) {
                break;
            }
            i += Character.charCount(c);
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0) {
            int c = s.codePointBefore(i);
            if (!stripped(c, chars)) {
                break;
            }
            i -= Character.charCount(c);
        }
        return s.substring(0, i);
    }

    private static boolean stripped(int c, String chars) {
        return chars == null ? c < 0x10000 && isWhitespace((char) c) : chars.indexOf(Character.toString(c)) >= 0;
    }
}
