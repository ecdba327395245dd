package dev.siren.tokenizer.chat.jinja;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Jinja2's tests ({@code x is defined}, {@code is string}, {@code is none}...). */
final class Tests {
    private Tests() {
    }

    static boolean apply(String name, Object v, List<Object> args) {
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "string" -> v instanceof String;
            case "mapping" -> v instanceof Map || v instanceof Namespace;
            case "sequence" -> v instanceof String || v instanceof Collection || v instanceof Tuple
                    || v instanceof Map;
            case "iterable" -> v instanceof String || v instanceof Collection || v instanceof Tuple
                    || v instanceof Map || v instanceof Undefined;
            case "number" -> Py.isNumber(v);
            case "integer" -> v instanceof Long || v instanceof java.math.BigInteger;
            case "float" -> v instanceof Double;
            case "boolean" -> v instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "callable" -> v instanceof PyCallable;
            case "lower" -> v instanceof String s && s.equals(s.toLowerCase(java.util.Locale.ROOT));
            case "upper" -> v instanceof String s && s.equals(s.toUpperCase(java.util.Locale.ROOT));
            case "odd" -> Py.toBig(v).testBit(0);
            case "even" -> !Py.toBig(v).testBit(0);
            case "divisibleby" -> Py.toBig(v).mod(Py.toBig(one(name, args)).abs()).signum() == 0;
            case "eq", "equalto", "==" -> Py.eq(v, one(name, args));
            case "ne", "!=" -> !Py.eq(v, one(name, args));
            case "lt", "lessthan", "<" -> Py.compare(v, one(name, args), "<") < 0;
            case "le", "<=" -> Py.compare(v, one(name, args), "<=") <= 0;
            case "gt", "greaterthan", ">" -> Py.compare(v, one(name, args), ">") > 0;
            case "ge", ">=" -> Py.compare(v, one(name, args), ">=") >= 0;
            case "in" -> Py.contains(one(name, args), v);
            case "sameas" -> v == one(name, args) || v != null && v.equals(one(name, args))
                    && (v instanceof Boolean || v instanceof Undefined);
            default -> throw new TemplateException("no test named '" + name + "'");
        };
    }

    private static Object one(String test, List<Object> args) {
        if (args.size() != 1) {
            throw Py.typeError("test '" + test + "' takes one argument, " + args.size() + " given");
        }
        return args.get(0);
    }
}
