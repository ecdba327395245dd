package dev.siren.tokenizer.chat.jinja;

import dev.siren.tokenizer.chat.jinja.Node.Stmt;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jinja2 template as Hugging Face's {@code apply_chat_template} compiles it ({@code ImmutableSandboxedEnvironment}
 * with {@code trim_blocks}, {@code lstrip_blocks}, loop controls, the {@code generation} tag, and the globals
 * {@code raise_exception} and {@code strftime_now}), rendering with Python's semantics so the text is byte-identical.
 * It implements the part of Jinja2 that chat templates use: no template inheritance, includes or autoescaping.
 * Immutable and thread-safe.
 */
public final class JinjaTemplate {
    private final List<Stmt> body;
    private final Clock clock;

    private JinjaTemplate(List<Stmt> body, Clock clock) {
        this.body = body;
        this.clock = clock;
    }

    /** Parses a template; a syntax error is a {@link TemplateException} naming the line. */
    public static JinjaTemplate parse(String source) {
        return new JinjaTemplate(Parser.parse(source), Clock.systemDefaultZone());
    }

    /** The same template with {@code strftime_now} reading this clock (for tests). */
    public JinjaTemplate withClock(Clock clock) {
        return new JinjaTemplate(body, clock);
    }

    /**
     * Renders with these variables: JSON-like Java values ({@link Map} with string keys, {@link List}, String,
     * Number, Boolean, null). A template error is a {@link TemplateException} naming the line.
     */
    public String render(Map<String, ?> variables) {
        Map<String, Object> vars = new LinkedHashMap<>();
        variables.forEach((k, v) -> vars.put(k, toPython(v)));
        return Interpreter.render(body, Globals.create(clock), vars);
    }

    /** Copies a JSON-like Java value into the representation the interpreter works on (int as Long, float as Double). */
    private static Object toPython(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
            case Double d -> d;
            case Float f -> (double) f;
            case BigDecimal d -> d.doubleValue();
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(toPython(k), toPython(x)));
                yield out;
            }
            case Collection<?> c -> {
                List<Object> out = new ArrayList<>(c.size());
                c.forEach(x -> out.add(toPython(x)));
                yield out;
            }
            default -> throw new IllegalArgumentException("a template variable must be JSON-like (map, list, string, "
                    + "number, boolean or null), found " + v.getClass().getName());
        };
    }
}
