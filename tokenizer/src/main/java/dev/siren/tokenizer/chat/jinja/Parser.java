package dev.siren.tokenizer.chat.jinja;

import dev.siren.tokenizer.chat.jinja.Node.Expr;
import dev.siren.tokenizer.chat.jinja.Node.Stmt;
import dev.siren.tokenizer.chat.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Recursive-descent parser of Jinja2's statement and expression grammar (same precedence as Jinja2's parser). */
final class Parser {
    private static final Set<String> COMPARE_OPS = Set.of("==", "!=", "<", ">", "<=", ">=");

    private final List<Token> tokens;
    private int pos;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Stmt> parse(String source) {
        Parser p = new Parser(Lexer.tokenize(source));
        List<Stmt> body = p.statements(Set.of());
        if (p.peek().kind() != Kind.EOF) {
            throw p.error("unexpected '" + p.peekBlockName() + "' (no block is open)");
        }
        return body;
    }

    // ---- statements -------------------------------------------------------------------------------------------

    /** Statements up to EOF or a block tag whose name is in {@code ends} (left unconsumed). */
    private List<Stmt> statements(Set<String> ends) {
        List<Stmt> out = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case EOF -> {
                    if (!ends.isEmpty()) {
                        throw error("the template ends inside a block: expected one of " + new java.util.TreeSet<>(ends));
                    }
                    return out;
                }
                case DATA -> {
                    next();
                    out.add(new Node.Text(t.line(), t.text()));
                }
                case VAR_BEGIN -> {
                    next();
                    Expr e = expression();
                    expect(Kind.VAR_END, "'}}'");
                    out.add(new Node.Print(t.line(), e));
                }
                case BLOCK_BEGIN -> {
                    if (ends.contains(peekBlockName())) {
                        return out;
                    }
                    next();
                    out.add(statement(t.line()));
                }
                default -> throw error("unexpected " + describe(t));
            }
        }
    }

    private String peekBlockName() {
        Token t = tokens.get(pos + 1 < tokens.size() ? pos + 1 : pos);
        return t.kind() == Kind.NAME ? t.text() : t.text().isEmpty() ? t.kind().name() : t.text();
    }

    private Stmt statement(int line) {
        Token keyword = expect(Kind.NAME, "a statement name");
        return switch (keyword.text()) {
            case "if" -> ifStatement(line);
            case "for" -> forStatement(line);
            case "set" -> setStatement(line);
            case "macro" -> macro(line);
            case "break" -> {
                endTag();
                yield new Node.Break(line);
            }
            case "continue" -> {
                endTag();
                yield new Node.Continue(line);
            }
            case "generation" -> {
                endTag();
                List<Stmt> body = statements(Set.of("endgeneration"));
                closeBlock("endgeneration");
                yield new Node.Body(line, body);
            }
            default -> throw error("unknown or unsupported statement '" + keyword.text() + "'");
        };
    }

    private Stmt ifStatement(int line) {
        List<Expr> conditions = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        List<Stmt> otherwise = List.of();
        conditions.add(expression());
        endTag();
        while (true) {
            bodies.add(statements(Set.of("elif", "else", "endif")));
            next(); // BLOCK_BEGIN
            String name = next().text();
            if (name.equals("elif")) {
                conditions.add(expression());
                endTag();
            } else if (name.equals("else")) {
                endTag();
                otherwise = statements(Set.of("endif"));
                closeBlock("endif");
                break;
            } else {
                endTag();
                break;
            }
        }
        return new Node.If(line, conditions, bodies, otherwise);
    }

    private Stmt forStatement(int line) {
        List<String> targets = assignTargets();
        if (!next().isName("in")) {
            throw error("expected 'in' in the for statement");
        }
        Expr iterable = tupleOrExpression(false);
        Expr filter = null;
        if (peek().isName("if")) {
            next();
            filter = expression();
        }
        if (peek().isName("recursive")) {
            throw error("recursive for loops are not supported");
        }
        endTag();
        List<Stmt> body = statements(Set.of("else", "endfor"));
        List<Stmt> otherwise = List.of();
        next();
        if (next().text().equals("else")) {
            endTag();
            otherwise = statements(Set.of("endfor"));
            closeBlock("endfor");
        } else {
            endTag();
        }
        return new Node.For(line, targets, iterable, filter, body, otherwise);
    }

    private Stmt setStatement(int line) {
        if (peek().kind() == Kind.NAME && tokens.get(pos + 1).isOp(".")) {
            String object = next().text();
            next();
            String attribute = expect(Kind.NAME, "an attribute name").text();
            expectOp("=");
            Expr value = tupleOrExpression(true);
            endTag();
            return new Node.SetAttr(line, object, attribute, value);
        }
        List<String> targets = assignTargets();
        if (peek().kind() == Kind.BLOCK_END) {
            if (targets.size() != 1) {
                throw error("a block set assigns one name");
            }
            endTag();
            List<Stmt> body = statements(Set.of("endset"));
            closeBlock("endset");
            return new Node.SetBlock(line, targets.get(0), body);
        }
        expectOp("=");
        Expr value = tupleOrExpression(true);
        endTag();
        return new Node.Set(line, targets, value);
    }

    private Stmt macro(int line) {
        String name = expect(Kind.NAME, "the macro's name").text();
        expectOp("(");
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        while (!peek().isOp(")")) {
            if (!params.isEmpty()) {
                expectOp(",");
            }
            params.add(expect(Kind.NAME, "a parameter name").text());
            if (peek().isOp("=")) {
                next();
                defaults.add(expression());
            } else if (!defaults.isEmpty()) {
                throw error("parameter '" + params.getLast() + "' without a default follows one with a default");
            }
        }
        next();
        endTag();
        List<Stmt> body = statements(Set.of("endmacro"));
        closeBlock("endmacro");
        return new Node.Macro(line, name, params, defaults, body);
    }

    private List<String> assignTargets() {
        List<String> names = new ArrayList<>();
        boolean parens = peek().isOp("(");
        if (parens) {
            next();
        }
        names.add(expect(Kind.NAME, "a variable name").text());
        while (peek().isOp(",")) {
            next();
            names.add(expect(Kind.NAME, "a variable name").text());
        }
        if (parens) {
            expectOp(")");
        }
        return names;
    }

    private void closeBlock(String name) {
        expect(Kind.BLOCK_BEGIN, "'{%'");
        Token t = next();
        if (!t.isName(name)) {
            throw error("expected '" + name + "', found " + describe(t));
        }
        endTag();
    }

    private void endTag() {
        expect(Kind.BLOCK_END, "'%}'");
    }

    // ---- expressions ------------------------------------------------------------------------------------------

    /** An expression, or several separated by commas (a tuple without parentheses), as Jinja2's parse_tuple. */
    private Expr tupleOrExpression(boolean withCondition) {
        List<Expr> items = new ArrayList<>();
        boolean comma = false;
        while (true) {
            items.add(withCondition ? expression() : or());
            if (!peek().isOp(",")) {
                break;
            }
            next();
            comma = true;
            if (peek().kind() == Kind.BLOCK_END || peek().kind() == Kind.VAR_END || peek().isName("if")
                    || peek().isOp(")")) {
                break;
            }
        }
        return comma ? new Node.TupleExpr(items) : items.get(0);
    }

    Expr expression() {
        Expr e = or();
        while (peek().isName("if")) {
            next();
            Expr condition = or();
            Expr otherwise = null;
            if (peek().isName("else")) {
                next();
                otherwise = expression();
            }
            e = new Node.CondExpr(condition, e, otherwise);
        }
        return e;
    }

    private Expr or() {
        Expr e = and();
        while (peek().isName("or")) {
            next();
            e = new Node.Or(e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (peek().isName("and")) {
            next();
            e = new Node.And(e, not());
        }
        return e;
    }

    private Expr not() {
        if (peek().isName("not")) {
            next();
            return new Node.Not(not());
        }
        return compare();
    }

    private Expr compare() {
        Expr first = math1();
        List<Expr> operands = new ArrayList<>(List.of(first));
        List<String> ops = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP && COMPARE_OPS.contains(t.text())) {
                next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && tokens.get(pos + 1).isName("in")) {
                pos += 2;
                ops.add("not in");
            } else {
                break;
            }
            operands.add(math1());
        }
        return ops.isEmpty() ? first : new Node.Compare(operands, ops);
    }

    private Expr math1() {
        Expr e = concat();
        while (peek().isOp("+") || peek().isOp("-")) {
            String op = next().text();
            e = new Node.Binary(op, e, concat());
        }
        return e;
    }

    private Expr concat() {
        Expr e = math2();
        while (peek().isOp("~")) {
            next();
            e = new Node.Binary("~", e, math2());
        }
        return e;
    }

    private Expr math2() {
        Expr e = pow();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            String op = next().text();
            e = new Node.Binary(op, e, pow());
        }
        return e;
    }

    private Expr pow() {
        Expr e = unary(true);
        while (peek().isOp("**")) {
            next();
            e = new Node.Binary("**", e, unary(true));
        }
        return e;
    }

    private Expr unary(boolean withFilter) {
        Expr e;
        if (peek().isOp("-") || peek().isOp("+")) {
            String op = next().text();
            e = new Node.Unary(op, unary(false));
        } else {
            e = postfix(primary());
        }
        return withFilter ? filters(e) : e;
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case NAME -> {
                return switch (t.text()) {
                    case "true", "True" -> new Node.Literal(Boolean.TRUE);
                    case "false", "False" -> new Node.Literal(Boolean.FALSE);
                    case "none", "None" -> new Node.Literal(null);
                    default -> new Node.Name(t.text());
                };
            }
            case STRING -> {
                StringBuilder s = new StringBuilder(t.text());
                while (peek().kind() == Kind.STRING) {
                    s.append(next().text());
                }
                return new Node.Literal(s.toString());
            }
            case INT -> {
                return new Node.Literal(Py.parseInt(t.text()));
            }
            case FLOAT -> {
                return new Node.Literal(Double.parseDouble(t.text()));
            }
            case OP -> {
                switch (t.text()) {
                    case "(" -> {
                        if (peek().isOp(")")) {
                            next();
                            return new Node.TupleExpr(List.of());
                        }
                        Expr e = tupleOrExpression(true);
                        expectOp(")");
                        return e;
                    }
                    case "[" -> {
                        List<Expr> items = new ArrayList<>();
                        while (!peek().isOp("]")) {
                            if (!items.isEmpty()) {
                                expectOp(",");
                                if (peek().isOp("]")) {
                                    break;
                                }
                            }
                            items.add(expression());
                        }
                        next();
                        return new Node.ListExpr(items);
                    }
                    case "{" -> {
                        List<Expr> keys = new ArrayList<>();
                        List<Expr> values = new ArrayList<>();
                        while (!peek().isOp("}")) {
                            if (!keys.isEmpty()) {
                                expectOp(",");
                                if (peek().isOp("}")) {
                                    break;
                                }
                            }
                            keys.add(expression());
                            expectOp(":");
                            values.add(expression());
                        }
                        next();
                        return new Node.DictExpr(keys, values);
                    }
                    default -> { }
                }
            }
            default -> { }
        }
        pos--;
        throw error("unexpected " + describe(t));
    }

    private Expr postfix(Expr e) {
        while (true) {
            if (peek().isOp(".")) {
                next();
                Token name = next();
                if (name.kind() == Kind.NAME) {
                    e = new Node.GetAttr(e, name.text());
                } else if (name.kind() == Kind.INT) {
                    e = new Node.GetItem(e, new Node.Literal(Py.parseInt(name.text())));
                } else {
                    throw error("expected an attribute name after '.', found " + describe(name));
                }
            } else if (peek().isOp("[")) {
                next();
                e = subscript(e);
            } else if (peek().isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    private Expr subscript(Expr object) {
        Expr[] parts = new Expr[3];
        int part = 0;
        boolean slice = false;
        while (!peek().isOp("]")) {
            if (peek().isOp(":")) {
                next();
                slice = true;
                if (++part > 2) {
                    throw error("a slice has at most three parts");
                }
            } else {
                if (parts[part] != null) {
                    throw error("expected ':' or ']' in a subscript, found " + describe(peek()));
                }
                parts[part] = expression();
            }
        }
        next();
        if (!slice) {
            if (parts[0] == null) {
                throw error("empty subscript []");
            }
            return new Node.GetItem(object, parts[0]);
        }
        return new Node.Slice(object, parts[0], parts[1], parts[2]);
    }

    private Node.Call call(Expr function) {
        List<Expr> args = new ArrayList<>();
        List<String> kwNames = new ArrayList<>();
        List<Expr> kwValues = new ArrayList<>();
        arguments(args, kwNames, kwValues);
        return new Node.Call(function, args, kwNames, kwValues);
    }

    /** {@code ( ... )}: positional then keyword arguments. */
    private void arguments(List<Expr> args, List<String> kwNames, List<Expr> kwValues) {
        expectOp("(");
        while (!peek().isOp(")")) {
            if (!args.isEmpty() || !kwNames.isEmpty()) {
                expectOp(",");
                if (peek().isOp(")")) {
                    break;
                }
            }
            if (peek().kind() == Kind.NAME && tokens.get(pos + 1).isOp("=")) {
                kwNames.add(next().text());
                next();
                kwValues.add(expression());
            } else {
                if (!kwNames.isEmpty()) {
                    throw error("a positional argument follows a keyword argument");
                }
                args.add(expression());
            }
        }
        next();
    }

    private Expr filters(Expr e) {
        while (true) {
            if (peek().isOp("|")) {
                next();
                String name = dottedName();
                List<Expr> args = new ArrayList<>();
                List<String> kwNames = new ArrayList<>();
                List<Expr> kwValues = new ArrayList<>();
                if (peek().isOp("(")) {
                    arguments(args, kwNames, kwValues);
                }
                e = new Node.Filter(e, name, args, kwNames, kwValues);
            } else if (peek().isName("is")) {
                next();
                boolean negated = false;
                if (peek().isName("not")) {
                    next();
                    negated = true;
                }
                String name = dottedName();
                List<Expr> args = new ArrayList<>();
                if (peek().isOp("(")) {
                    List<String> kwNames = new ArrayList<>();
                    arguments(args, kwNames, new ArrayList<>());
                    if (!kwNames.isEmpty()) {
                        throw error("tests take no keyword arguments");
                    }
                } else if (startsTestArgument(peek())) {
                    args.add(postfix(primary()));
                }
                e = new Node.Test(e, name, args, negated);
            } else if (peek().isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    private static boolean startsTestArgument(Token t) {
        return switch (t.kind()) {
            case NAME -> !Set.of("else", "or", "and", "if", "is", "in", "not").contains(t.text());
            case STRING, INT, FLOAT -> true;
            case OP -> t.text().equals("[") || t.text().equals("{");
            default -> false;
        };
    }

    private String dottedName() {
        StringBuilder name = new StringBuilder(expect(Kind.NAME, "a name").text());
        while (peek().isOp(".") && tokens.get(pos + 1).kind() == Kind.NAME) {
            next();
            name.append('.').append(next().text());
        }
        return name.toString();
    }

    // ---- tokens -----------------------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private Token expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            pos--;
            throw error("expected " + what + ", found " + describe(t));
        }
        return t;
    }

    private void expectOp(String op) {
        Token t = next();
        if (!t.isOp(op)) {
            pos--;
            throw error("expected '" + op + "', found " + describe(t));
        }
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "the end of the template";
            case VAR_END -> "'}}'";
            case BLOCK_END -> "'%}'";
            case BLOCK_BEGIN -> "'{%'";
            case VAR_BEGIN -> "'{{'";
            case DATA -> "text";
            case STRING -> "a string";
            default -> "'" + t.text() + "'";
        };
    }

    private TemplateException error(String message) {
        return new TemplateException(peek().line(), message);
    }
}
