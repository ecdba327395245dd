package dev.siren.tokenizer.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Attribute and item lookup with Jinja2's rules ({@code a.b} tries the attribute first, {@code a[b]} the item). */
final class Access {
    private Access() {
    }

    static Object getattr(Object obj, String name) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        Object method = Methods.bind(obj, name);
        if (method != null) {
            return method;
        }
        return switch (obj) {
            case Namespace n -> n.attributes().containsKey(name) ? n.attributes().get(name)
                    : Undefined.attribute(obj, name);
            case Loop l -> l.attribute(name);
            case Map<?, ?> m -> m.containsKey(name) ? m.get(name) : Undefined.attribute(obj, name);
            case null, default -> Undefined.attribute(obj, name);
        };
    }

    static Object getitem(Object obj, Object key) {
        switch (obj) {
            case Undefined u -> throw u.error();
            case Map<?, ?> m -> {
                if (m.containsKey(key)) {
                    return m.get(key);
                }
            }
            case List<?> l -> {
                if (key instanceof Long || key instanceof Boolean) {
                    return index(l, key, obj);
                }
            }
            case Tuple t -> {
                if (key instanceof Long || key instanceof Boolean) {
                    return index(t.items(), key, obj);
                }
            }
            case String s -> {
                if (key instanceof Long || key instanceof Boolean) {
                    int[] cps = s.codePoints().toArray();
                    long i = Py.toBig(key).longValue();
                    i = i < 0 ? i + cps.length : i;
                    return i >= 0 && i < cps.length ? Character.toString(cps[(int) i])
                            : new Undefined("'" + Py.typeName(obj) + " object' has no element " + key);
                }
            }
            case null, default -> { }
        }
        if (key instanceof String name) {
            return getattr(obj, name);
        }
        return new Undefined("'" + Py.typeName(obj) + " object' has no element " + Py.repr(key));
    }

    private static Object index(List<?> list, Object key, Object owner) {
        long i = Py.toBig(key).longValue();
        i = i < 0 ? i + list.size() : i;
        return i >= 0 && i < list.size() ? list.get((int) i)
                : new Undefined("'" + Py.typeName(owner) + " object' has no element " + key);
    }

    /** Python's {@code seq[start:stop:step]} for strings (by code point), lists and tuples. */
    static Object slice(Object obj, Object start, Object stop, Object step) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        long st = step == null ? 1 : Py.toBig(step).longValue();
        if (st == 0) {
            throw new TemplateException("ValueError: slice step cannot be zero");
        }
        List<Object> items = switch (obj) {
            case String s -> s.codePoints().mapToObj(Character::toString).map(c -> (Object) c).toList();
            case List<?> l -> new ArrayList<>(l);
            case Tuple t -> t.items();
            case null, default -> throw Py.typeError("'" + Py.typeName(obj) + "' object is not subscriptable");
        };
        int n = items.size();
        long lo = bound(start, st > 0 ? 0 : n - 1, n, st);
        long hi = bound(stop, st > 0 ? n : -1, n, st);
        List<Object> out = new ArrayList<>();
        for (long i = lo; st > 0 ? i < hi : i > hi; i += st) {
            out.add(items.get((int) i));
        }
        if (obj instanceof String) {
            StringBuilder b = new StringBuilder();
            out.forEach(c -> b.append((String) c));
            return b.toString();
        }
        return obj instanceof Tuple ? new Tuple(out) : out;
    }

    /** Clamps a slice bound as Python's PySlice_AdjustIndices does. */
    private static long bound(Object value, long dflt, int n, long step) {
        if (value == null) {
            return dflt;
        }
        long v = Py.toBig(value).longValue();
        if (v < 0) {
            v += n;
            if (v < 0) {
                v = step < 0 ? -1 : 0;
            }
        } else if (v >= n) {
            v = step < 0 ? n - 1 : n;
        }
        return v;
    }
}
