package dev.siren.tokenizer.chat.jinja;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Python methods templates call on strings ({@code split}, {@code strip}, {@code startswith}...) and dicts
 * ({@code items}, {@code keys}, {@code values}, {@code get}). Methods that would modify a value are absent, as in
 * Hugging Face's immutable sandbox.
 */
final class Methods {
    private Methods() {
    }

    /** The bound method {@code obj.name}, or null if {@code obj} has no such method. */
    static PyCallable bind(Object obj, String name) {
        if (obj instanceof String s) {
            return stringMethod(s, name);
        }
        if (obj instanceof Map<?, ?> m) {
            return dictMethod(m, name);
        }
        return null;
    }

    private static PyCallable dictMethod(Map<?, ?> m, String name) {
        return switch (name) {
            case "items" -> (a, kw) -> {
                List<Object> out = new ArrayList<>();
                m.forEach((k, v) -> out.add(new Tuple(Arrays.asList(k, v)))); // Arrays.asList: values may be None
                return out;
            };
            case "keys" -> (a, kw) -> new ArrayList<Object>(m.keySet());
            case "values" -> (a, kw) -> new ArrayList<Object>(m.values());
            case "get" -> (a, kw) -> {
                arity("get", a, 1, 2);
                return m.containsKey(a.get(0)) ? m.get(a.get(0)) : a.size() > 1 ? a.get(1) : null;
            };
            default -> null;
        };
    }

    private static PyCallable stringMethod(String s, String name) {
        return switch (name) {
            case "strip" -> (a, kw) -> Py.strip(s, chars("strip", a));
            case "lstrip" -> (a, kw) -> Py.lstrip(s, chars("lstrip", a));
            case "rstrip" -> (a, kw) -> Py.rstrip(s, chars("rstrip", a));
            case "split" -> (a, kw) -> split(s, a, kw, false);
            case "rsplit" -> (a, kw) -> split(s, a, kw, true);
            case "startswith" -> (a, kw) -> affix(s, a, "startswith", true);
            case "endswith" -> (a, kw) -> affix(s, a, "endswith", false);
            case "upper" -> (a, kw) -> s.toUpperCase(Locale.ROOT);
            case "lower" -> (a, kw) -> s.toLowerCase(Locale.ROOT);
            case "title" -> (a, kw) -> title(s);
            case "capitalize" -> (a, kw) -> capitalize(s);
            case "replace" -> (a, kw) -> {
                arity("replace", a, 2, 3);
                return replace(s, text(a.get(0), "replace"), text(a.get(1), "replace"),
                        a.size() > 2 ? Py.toBig(a.get(2)).longValue() : -1);
            };
            case "find" -> (a, kw) -> {
                arity("find", a, 1, 1);
                int i = s.indexOf(text(a.get(0), "find"));
                return (long) (i < 0 ? -1 : s.codePointCount(0, i));
            };
            case "count" -> (a, kw) -> {
                arity("count", a, 1, 1);
                String sub = text(a.get(0), "count");
                if (sub.isEmpty()) {
                    return (long) Py.length(s) + 1;
                }
                long n = 0;
                for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
                    n++;
                }
                return n;
            };
            case "join" -> (a, kw) -> {
                arity("join", a, 1, 1);
                StringBuilder b = new StringBuilder();
                List<Object> items = Py.iterate(a.get(0));
                for (int i = 0; i < items.size(); i++) {
                    b.append(i == 0 ? "" : s).append(text(items.get(i), "join"));
                }
                return b.toString();
            };
            case "isdigit" -> (a, kw) -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> (a, kw) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> (a, kw) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> (a, kw) -> !s.isEmpty() && Py.isBlank(s);
            case "islower" -> (a, kw) -> s.codePoints().anyMatch(Character::isLowerCase)
                    && s.codePoints().noneMatch(c -> Character.isUpperCase(c) || Character.isTitleCase(c));
            case "isupper" -> (a, kw) -> s.codePoints().anyMatch(Character::isUpperCase)
                    && s.codePoints().noneMatch(c -> Character.isLowerCase(c) || Character.isTitleCase(c));
            default -> null;
        };
    }

    private static void arity(String method, List<Object> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw Py.typeError("str." + method + "() takes " + (min == max ? "" + min : min + " to " + max)
                    + " arguments, " + args.size() + " given");
        }
    }

    private static String text(Object v, String method) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Undefined u) {
            throw u.error();
        }
        throw Py.typeError(method + "() argument must be str, not " + Py.typeName(v));
    }

    private static String chars(String method, List<Object> args) {
        arity(method, args, 0, 1);
        return args.isEmpty() || args.get(0) == null ? null : text(args.get(0), method);
    }

    private static Object affix(String s, List<Object> args, String method, boolean prefix) {
        arity(method, args, 1, 1);
        List<Object> options = args.get(0) instanceof Tuple t ? t.items() : List.of(args.get(0) == null ? "" : args.get(0));
        if (args.get(0) == null) {
            throw Py.typeError(method + " first arg must be str or a tuple of str, not NoneType");
        }
        for (Object o : options) {
            String x = text(o, method);
            if (prefix ? s.startsWith(x) : s.endsWith(x)) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> split(String s, List<Object> args, Map<String, Object> kw, boolean fromRight) {
        Object sepArg = args.size() > 0 ? args.get(0) : kw.get("sep");
        Object maxArg = args.size() > 1 ? args.get(1) : kw.get("maxsplit");
        long max = maxArg == null ? -1 : Py.toBig(maxArg).longValue();
        List<Object> out = new ArrayList<>();
        if (sepArg == null) {
            return whitespaceSplit(s, max, fromRight);
        }
        String sep = text(sepArg, "split");
        if (sep.isEmpty()) {
            throw new TemplateException("ValueError: empty separator");
        }
        if (!fromRight) {
            int start = 0;
            for (int i = s.indexOf(sep); i >= 0 && (max < 0 || out.size() < max); i = s.indexOf(sep, start)) {
                out.add(s.substring(start, i));
                start = i + sep.length();
            }
            out.add(s.substring(start));
            return out;
        }
        int end = s.length();
        for (int i = s.lastIndexOf(sep, end - sep.length()); i >= 0 && (max < 0 || out.size() < max);
                i = end - sep.length() < 0 ? -1 : s.lastIndexOf(sep, end - sep.length())) {
            out.add(0, s.substring(i + sep.length(), end));
            end = i;
        }
        out.add(0, s.substring(0, end));
        return out;
    }

    private static List<Object> whitespaceSplit(String s, long max, boolean fromRight) {
        List<Object> words = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Py.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            if (!fromRight && max >= 0 && words.size() == max) {
                words.add(Py.rstrip(s.substring(i), null));
                return words;
            }
            int start = i;
            while (i < s.length() && !Py.isWhitespace(s.charAt(i))) {
                i++;
            }
            words.add(s.substring(start, i));
        }
        if (fromRight && max >= 0 && words.size() > max + 1) {
            throw new TemplateException("rsplit() with no separator and a maxsplit is not supported");
        }
        return words;
    }

    private static String replace(String s, String old, String replacement, long count) {
        if (old.isEmpty()) { // Python puts the replacement around every character
            StringBuilder b = new StringBuilder();
            int[] cps = s.codePoints().toArray();
            for (int i = 0; i <= cps.length; i++) {
                b.append(count < 0 || i < count ? replacement : "");
                if (i < cps.length) {
                    b.appendCodePoint(cps[i]);
                }
            }
            return b.toString();
        }
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder b = new StringBuilder();
        int start = 0;
        for (long n = 0; n < count; n++) {
            int i = s.indexOf(old, start);
            if (i < 0) {
                break;
            }
            b.append(s, start, i).append(replacement);
            start = i + old.length();
        }
        return b.append(s.substring(start)).toString();
    }

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return Character.toString(Character.toTitleCase(first)).toUpperCase(Locale.ROOT)
                + s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT);
    }

    static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            b.appendCodePoint(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            previousCased = Character.isLetter(c);
        }
        return b.toString();
    }
}
