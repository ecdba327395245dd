package dev.siren.tokenizer.chat.jinja;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Python's arithmetic and Jinja2's {@code ~}: int stays int (exact), {@code /} gives a float, str + str joins. */
final class Arithmetic {
    private Arithmetic() {
    }

    static Object binary(String op, Object a, Object b) {
        if (op.equals("~")) {
            return Py.str(a) + Py.str(b);
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        if (Py.isNumber(a) && Py.isNumber(b)) {
            return numeric(op, a, b);
        }
        if (op.equals("+")) {
            if (a instanceof String x && b instanceof String y) {
                return x + y;
            }
            if (a instanceof List<?> x && b instanceof List<?> y) {
                List<Object> out = new ArrayList<>(x);
                out.addAll(y);
                return out;
            }
            if (a instanceof Tuple x && b instanceof Tuple y) {
                List<Object> out = new ArrayList<>(x.items());
                out.addAll(y.items());
                return new Tuple(out);
            }
            if (a instanceof String) {
                throw Py.typeError("can only concatenate str (not \"" + Py.typeName(b) + "\") to str");
            }
        }
        if (op.equals("*") && (a instanceof String || b instanceof String) && (isInt(a) || isInt(b))) {
            String s = a instanceof String x ? x : (String) b;
            long n = Py.toBig(a instanceof String ? b : a).longValue();
            return s.repeat((int) Math.max(0, n));
        }
        throw Py.typeError("unsupported operand type(s) for " + op + ": '" + Py.typeName(a) + "' and '"
                + Py.typeName(b) + "'");
    }

    private static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Boolean || v instanceof BigInteger;
    }

    private static Object numeric(String op, Object a, Object b) {
        if (op.equals("/") || a instanceof Double || b instanceof Double) {
            double x = Py.toDouble(a);
            double y = Py.toDouble(b);
            if ((op.equals("/") || op.equals("//") || op.equals("%")) && y == 0) {
                throw new TemplateException("ZeroDivisionError: division by zero");
            }
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "/" -> x / y;
                case "//" -> Math.floor(x / y);
                case "%" -> x - y * Math.floor(x / y);
                case "**" -> Math.pow(x, y);
                default -> throw new IllegalArgumentException(op);
            };
        }
        BigInteger x = Py.toBig(a);
        BigInteger y = Py.toBig(b);
        if ((op.equals("//") || op.equals("%")) && y.signum() == 0) {
            throw new TemplateException("ZeroDivisionError: integer division or modulo by zero");
        }
        BigInteger r = switch (op) {
            case "+" -> x.add(y);
            case "-" -> x.subtract(y);
            case "*" -> x.multiply(y);
            case "//" -> floorDiv(x, y);
            case "%" -> x.subtract(floorDiv(x, y).multiply(y));
            case "**" -> {
                if (y.signum() < 0) {
                    yield null;
                }
                yield x.pow(y.intValueExact());
            }
            default -> throw new IllegalArgumentException(op);
        };
        if (r == null) {
            return Math.pow(x.doubleValue(), y.doubleValue());
        }
        return r.bitLength() < 64 ? (Object) r.longValue() : r;
    }

    private static BigInteger floorDiv(BigInteger x, BigInteger y) {
        BigInteger[] qr = x.divideAndRemainder(y);
        return qr[1].signum() != 0 && qr[1].signum() != y.signum() ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    static Object negate(Object v) {
        return switch (v) {
            case Double d -> -d;
            case Undefined u -> throw u.error();
            case null, default -> {
                if (!Py.isNumber(v)) {
                    throw Py.typeError("bad operand type for unary -: '" + Py.typeName(v) + "'");
                }
                BigInteger r = Py.toBig(v).negate();
                yield r.bitLength() < 64 ? (Object) r.longValue() : r;
            }
        };
    }
}
