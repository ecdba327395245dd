package dev.siren.tokenizer.chat.jinja;

import java.util.List;

/** The syntax tree of a template: statements (with their line, for error messages) and expressions. */
final class Node {
    private Node() {
    }

    sealed interface Stmt permits Text, Print, If, For, Set, SetAttr, SetBlock, Macro, Break, Continue, Body {
        int line();
    }

    record Text(int line, String text) implements Stmt { }

    record Print(int line, Expr value) implements Stmt { }

    /** {@code if}/{@code elif} branches in order, then the {@code else} body (possibly empty). */
    record If(int line, List<Expr> conditions, List<List<Stmt>> bodies, List<Stmt> otherwise) implements Stmt { }

    record For(int line, List<String> targets, Expr iterable, Expr filter, List<Stmt> body, List<Stmt> otherwise)
            implements Stmt { }

    record Set(int line, List<String> targets, Expr value) implements Stmt { }

    /** {@code set ns.attr = value}: only on a {@code namespace()} object. */
    record SetAttr(int line, String object, String attribute, Expr value) implements Stmt { }

    /** {@code set name %}...{% endset}: the rendered body becomes a string. */
    record SetBlock(int line, String target, List<Stmt> body) implements Stmt { }

    record Macro(int line, String name, List<String> params, List<Expr> defaults, List<Stmt> body) implements Stmt { }

    record Break(int line) implements Stmt { }

    record Continue(int line) implements Stmt { }

    /** A body rendered in place, e.g. Hugging Face's {@code generation} block. */
    record Body(int line, List<Stmt> body) implements Stmt { }

    sealed interface Expr permits Literal, Name, ListExpr, TupleExpr, DictExpr, GetAttr, GetItem, Slice, Call, Filter,
            Test, Unary, Binary, Compare, And, Or, Not, CondExpr {
    }

    record Literal(Object value) implements Expr { }

    record Name(String name) implements Expr { }

    record ListExpr(List<Expr> items) implements Expr { }

    record TupleExpr(List<Expr> items) implements Expr { }

    record DictExpr(List<Expr> keys, List<Expr> values) implements Expr { }

    /** {@code a.b}: an attribute first, then an item (Jinja2's getattr). */
    record GetAttr(Expr object, String name) implements Expr { }

    /** {@code a[b]}: an item first, then an attribute (Jinja2's getitem). */
    record GetItem(Expr object, Expr key) implements Expr { }

    /** {@code a[start:stop:step]}, any part may be null. */
    record Slice(Expr object, Expr start, Expr stop, Expr step) implements Expr { }

    record Call(Expr function, List<Expr> args, List<String> kwNames, List<Expr> kwValues) implements Expr { }

    record Filter(Expr value, String name, List<Expr> args, List<String> kwNames, List<Expr> kwValues)
            implements Expr { }

    record Test(Expr value, String name, List<Expr> args, boolean negated) implements Expr { }

    record Unary(String op, Expr operand) implements Expr { }

    record Binary(String op, Expr left, Expr right) implements Expr { }

    /** A chain {@code a < b <= c}: operands.size() == ops.size() + 1, evaluated as Python does. */
    record Compare(List<Expr> operands, List<String> ops) implements Expr { }

    record And(Expr left, Expr right) implements Expr { }

    record Or(Expr left, Expr right) implements Expr { }

    record Not(Expr operand) implements Expr { }

    record CondExpr(Expr condition, Expr then, Expr otherwise) implements Expr { }
}
