package dev.siren.tokenizer.chat.jinja;

import dev.siren.tokenizer.chat.jinja.Node.Expr;
import dev.siren.tokenizer.chat.jinja.Node.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a parsed template. Scoping follows Jinja2: {@code if} shares its scope, every iteration of a {@code for}
 * body gets a fresh child scope (so a {@code set} inside a loop is not seen after it, hence {@code namespace()}), and
 * a macro body runs in a child of the scope that defined it.
 */
final class Interpreter {

    /** Variables of one scope; lookups fall through to the parent. */
    private static final class Scope {
        final Map<String, Object> vars = new HashMap<>();
        final Scope parent;

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(name)) {
                    return s.vars.get(name);
                }
            }
            return Undefined.name(name);
        }
    }

    private static final class BreakSignal extends RuntimeException {
        BreakSignal() {
            super(null, null, false, false);
        }
    }

    private static final class ContinueSignal extends RuntimeException {
        ContinueSignal() {
            super(null, null, false, false);
        }
    }

    private static final BreakSignal BREAK = new BreakSignal();
    private static final ContinueSignal CONTINUE = new ContinueSignal();

    private Interpreter() {
    }

    static String render(List<Stmt> template, Map<String, Object> globals, Map<String, Object> variables) {
        Scope root = new Scope(null);
        root.vars.putAll(globals);
        Scope top = new Scope(root);
        top.vars.putAll(variables);
        StringBuilder out = new StringBuilder();
        exec(template, top, out);
        return out.toString();
    }

    private static void exec(List<Stmt> body, Scope scope, StringBuilder out) {
        for (Stmt s : body) {
            try {
                execOne(s, scope, out);
            } catch (TemplateException e) {
                throw e.at(s.line());
            } catch (BreakSignal | ContinueSignal e) {
                throw e;
            } catch (RuntimeException e) { // a Python operation this interpreter does not cover: an error, not a crash
                throw new TemplateException(s.line(), "cannot evaluate this statement: " + e);
            }
        }
    }

    private static void execOne(Stmt stmt, Scope scope, StringBuilder out) {
        switch (stmt) {
            case Node.Text t -> out.append(t.text());
            case Node.Print p -> out.append(Py.str(eval(p.value(), scope)));
            case Node.If s -> {
                for (int i = 0; i < s.conditions().size(); i++) {
                    if (Py.truthy(eval(s.conditions().get(i), scope))) {
                        exec(s.bodies().get(i), scope, out);
                        return;
                    }
                }
                exec(s.otherwise(), scope, out);
            }
            case Node.For f -> forLoop(f, scope, out);
            case Node.Set s -> assign(s.targets(), eval(s.value(), scope), scope);
            case Node.SetAttr s -> {
                Object target = scope.lookup(s.object());
                if (!(target instanceof Namespace ns)) {
                    throw new TemplateException("cannot assign attribute on non-namespace object '" + s.object()
                            + "' (a " + Py.typeName(target) + ")");
                }
                ns.attributes().put(s.attribute(), eval(s.value(), scope));
            }
            case Node.SetBlock s -> {
                StringBuilder body = new StringBuilder();
                exec(s.body(), scope, body);
                scope.vars.put(s.target(), body.toString());
            }
            case Node.Macro m -> scope.vars.put(m.name(), macro(m, scope));
            case Node.Break b -> throw BREAK;
            case Node.Continue c -> throw CONTINUE;
            case Node.Body b -> exec(b.body(), scope, out);
        }
    }

    private static void forLoop(Node.For f, Scope scope, StringBuilder out) {
        List<Object> items = Py.iterate(eval(f.iterable(), scope));
        if (f.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                Scope test = new Scope(scope);
                assign(f.targets(), item, test);
                if (Py.truthy(eval(f.filter(), test))) {
                    kept.add(item);
                }
            }
            items = kept;
        }
        Loop loop = new Loop(items);
        for (int i = 0; i < items.size(); i++) {
            Scope iteration = new Scope(scope);
            loop.moveTo(i);
            iteration.vars.put("loop", loop);
            assign(f.targets(), items.get(i), iteration);
            try {
                exec(f.body(), iteration, out);
            } catch (BreakSignal b) {
                break;
            } catch (ContinueSignal c) {
                // next item
            }
        }
        if (items.isEmpty()) {
            exec(f.otherwise(), new Scope(scope), out);
        }
    }

    private static void assign(List<String> targets, Object value, Scope scope) {
        if (targets.size() == 1) {
            scope.vars.put(targets.get(0), value);
            return;
        }
        List<Object> parts = Py.iterate(value);
        if (parts.size() != targets.size()) {
            throw new TemplateException("ValueError: cannot unpack " + parts.size() + " values into "
                    + targets.size() + " names " + targets);
        }
        for (int i = 0; i < parts.size(); i++) {
            scope.vars.put(targets.get(i), parts.get(i));
        }
    }

    private static PyCallable macro(Node.Macro m, Scope definedIn) {
        return (args, kwargs) -> {
            if (args.size() > m.params().size()) {
                throw Py.typeError("macro '" + m.name() + "' takes at most " + m.params().size() + " arguments, "
                        + args.size() + " given");
            }
            Scope scope = new Scope(definedIn);
            int firstDefault = m.params().size() - m.defaults().size();
            for (int i = 0; i < m.params().size(); i++) {
                String p = m.params().get(i);
                Object v = i < args.size() ? args.get(i) : kwargs.containsKey(p) ? kwargs.get(p)
                        : i >= firstDefault ? eval(m.defaults().get(i - firstDefault), scope)
                        : new Undefined("parameter '" + p + "' was not provided");
                scope.vars.put(p, v);
            }
            for (String k : kwargs.keySet()) {
                if (!m.params().contains(k)) {
                    throw Py.typeError("macro '" + m.name() + "' takes no keyword argument '" + k + "'");
                }
            }
            StringBuilder out = new StringBuilder();
            exec(m.body(), scope, out);
            return out.toString();
        };
    }

    // ---- expressions ------------------------------------------------------------------------------------------

    private static Object eval(Expr expr, Scope scope) {
        return switch (expr) {
            case Node.Literal l -> l.value();
            case Node.Name n -> scope.lookup(n.name());
            case Node.ListExpr l -> evalAll(l.items(), scope);
            case Node.TupleExpr t -> new Tuple(evalAll(t.items(), scope));
            case Node.DictExpr d -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) {
                    map.put(eval(d.keys().get(i), scope), eval(d.values().get(i), scope));
                }
                yield map;
            }
            case Node.GetAttr g -> Access.getattr(eval(g.object(), scope), g.name());
            case Node.GetItem g -> Access.getitem(eval(g.object(), scope), eval(g.key(), scope));
            case Node.Slice s -> Access.slice(eval(s.object(), scope), evalOrNull(s.start(), scope),
                    evalOrNull(s.stop(), scope), evalOrNull(s.step(), scope));
            case Node.Call c -> call(eval(c.function(), scope), evalAll(c.args(), scope),
                    kwargs(c.kwNames(), c.kwValues(), scope));
            case Node.Filter f -> Filters.apply(f.name(), eval(f.value(), scope), evalAll(f.args(), scope),
                    kwargs(f.kwNames(), f.kwValues(), scope));
            case Node.Test t -> Tests.apply(t.name(), eval(t.value(), scope), evalAll(t.args(), scope))
                    != t.negated();
            case Node.Unary u -> {
                Object v = eval(u.operand(), scope);
                if (u.op().equals("-")) {
                    yield Arithmetic.negate(v);
                }
                if (!Py.isNumber(v)) {
                    throw Py.typeError("bad operand type for unary +: '" + Py.typeName(v) + "'");
                }
                yield v;
            }
            case Node.Binary b -> Arithmetic.binary(b.op(), eval(b.left(), scope), eval(b.right(), scope));
            case Node.Compare c -> compare(c, scope);
            case Node.And a -> {
                Object left = eval(a.left(), scope);
                yield Py.truthy(left) ? eval(a.right(), scope) : left;
            }
            case Node.Or o -> {
                Object left = eval(o.left(), scope);
                yield Py.truthy(left) ? left : eval(o.right(), scope);
            }
            case Node.Not n -> !Py.truthy(eval(n.operand(), scope));
            case Node.CondExpr c -> Py.truthy(eval(c.condition(), scope)) ? eval(c.then(), scope)
                    : c.otherwise() == null ? new Undefined("the inline if expression had no else branch")
                    : eval(c.otherwise(), scope);
        };
    }

    private static Object evalOrNull(Expr e, Scope scope) {
        return e == null ? null : eval(e, scope);
    }

    private static List<Object> evalAll(List<Expr> exprs, Scope scope) {
        List<Object> out = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            out.add(eval(e, scope));
        }
        return out;
    }

    private static Map<String, Object> kwargs(List<String> names, List<Expr> values, Scope scope) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), eval(values.get(i), scope));
        }
        return out;
    }

    private static Object call(Object function, List<Object> args, Map<String, Object> kwargs) {
        if (function instanceof PyCallable c) {
            return c.call(args, kwargs);
        }
        if (function instanceof Undefined u) {
            throw u.error();
        }
        throw Py.typeError("'" + Py.typeName(function) + "' object is not callable");
    }

    private static boolean compare(Node.Compare c, Scope scope) {
        Object left = eval(c.operands().get(0), scope);
        for (int i = 0; i < c.ops().size(); i++) {
            Object right = eval(c.operands().get(i + 1), scope);
            String op = c.ops().get(i);
            boolean holds = switch (op) {
                case "==" -> Py.eq(left, right);
                case "!=" -> !Py.eq(left, right);
                case "in" -> Py.contains(right, left);
                case "not in" -> !Py.contains(right, left);
                case "<" -> Py.compare(left, right, op) < 0;
                case "<=" -> Py.compare(left, right, op) <= 0;
                case ">" -> Py.compare(left, right, op) > 0;
                case ">=" -> Py.compare(left, right, op) >= 0;
                default -> throw new IllegalStateException(op);
            };
            if (!holds) {
                return false;
            }
            left = right;
        }
        return true;
    }
}
