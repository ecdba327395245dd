package dev.siren.tokenizer.chat.jinja;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions a chat template can call: Jinja2's {@code range}, {@code namespace}, {@code dict}, and Hugging Face's
 * {@code raise_exception(message)} and {@code strftime_now(format)}.
 */
final class Globals {
    private static final int MAX_RANGE = 100_000; // Jinja2's sandbox limit

    private Globals() {
    }

    static Map<String, Object> create(Clock clock) {
        Map<String, Object> g = new HashMap<>();
        g.put("range", (PyCallable) (a, kw) -> range(a));
        g.put("namespace", (PyCallable) (a, kw) -> {
            Namespace ns = new Namespace();
            for (Object initial : a) {
                if (!(initial instanceof Map<?, ?> m)) {
                    throw Py.typeError("namespace() takes keyword arguments or a dict, not " + Py.typeName(initial));
                }
                m.forEach((k, v) -> ns.attributes().put(Py.str(k), v));
            }
            ns.attributes().putAll(kw);
            return ns;
        });
        g.put("dict", (PyCallable) (a, kw) -> new LinkedHashMap<Object, Object>(kw));
        g.put("raise_exception", (PyCallable) (a, kw) -> {
            throw new TemplateException("the template raised an error: " + (a.isEmpty() ? "" : Py.str(a.get(0))));
        });
        g.put("strftime_now", (PyCallable) (a, kw) -> {
            if (a.size() != 1 || !(a.get(0) instanceof String format)) {
                throw Py.typeError("strftime_now takes one format string");
            }
            return strftime(ZonedDateTime.now(clock), format);
        });
        return g;
    }

    private static List<Object> range(List<Object> a) {
        if (a.isEmpty() || a.size() > 3) {
            throw Py.typeError("range expected 1 to 3 arguments, got " + a.size());
        }
        long start = a.size() == 1 ? 0 : Py.toBig(a.get(0)).longValue();
        long stop = Py.toBig(a.get(a.size() == 1 ? 0 : 1)).longValue();
        long step = a.size() == 3 ? Py.toBig(a.get(2)).longValue() : 1;
        if (step == 0) {
            throw new TemplateException("ValueError: range() arg 3 must not be zero");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (out.size() >= MAX_RANGE) {
                throw new TemplateException("range too big (more than " + MAX_RANGE + " items)");
            }
            out.add(i);
        }
        return out;
    }

    /** Python's {@code datetime.strftime} for the directives templates use (C locale names). */
    static String strftime(ZonedDateTime t, String format) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                b.append(c);
                continue;
            }
            char d = format.charAt(++i);
            boolean noPad = d == '-' && i + 1 < format.length(); // glibc's %-d: no zero padding
            if (noPad) {
                d = format.charAt(++i);
            }
            String two = noPad ? "%d" : "%02d";
            b.append(switch (d) {
                case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'd' -> String.format(two, t.getDayOfMonth());
                case 'e' -> String.format("%2d", t.getDayOfMonth());
                case 'm' -> String.format(two, t.getMonthValue());
                case 'y' -> String.format(two, t.getYear() % 100);
                case 'Y' -> String.valueOf(t.getYear());
                case 'H' -> String.format(two, t.getHour());
                case 'I' -> String.format(two, (t.getHour() + 11) % 12 + 1);
                case 'p' -> t.getHour() < 12 ? "AM" : "PM";
                case 'M' -> String.format(two, t.getMinute());
                case 'S' -> String.format(two, t.getSecond());
                case 'j' -> String.format(noPad ? "%d" : "%03d", t.getDayOfYear());
                case '%' -> "%";
                default -> throw new TemplateException("strftime_now: unsupported directive %" + d);
            });
        }
        return b.toString();
    }
}
