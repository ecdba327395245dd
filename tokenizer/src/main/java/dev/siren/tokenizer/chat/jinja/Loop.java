package dev.siren.tokenizer.chat.jinja;

import java.util.List;

/** The {@code loop} variable of a for loop: index, index0, first, last, length, revindex, previtem, cycle... */
final class Loop {
    private final List<Object> items;
    private int index0;

    Loop(List<Object> items) {
        this.items = items;
    }

    void moveTo(int index0) {
        this.index0 = index0;
    }

    Object attribute(String name) {
        int n = items.size();
        return switch (name) {
            case "index0" -> (long) index0;
            case "index" -> (long) index0 + 1;
            case "revindex0" -> (long) (n - index0 - 1);
            case "revindex" -> (long) (n - index0);
            case "first" -> index0 == 0;
            case "last" -> index0 == n - 1;
            case "length" -> (long) n;
            case "depth" -> 1L;
            case "depth0" -> 0L;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : Undefined.attribute(this, name);
            case "nextitem" -> index0 < n - 1 ? items.get(index0 + 1) : Undefined.attribute(this, name);
            case "cycle" -> (PyCallable) (args, kwargs) -> {
                if (args.isEmpty()) {
                    throw Py.typeError("no items for cycling given");
                }
                return args.get(index0 % args.size());
            };
            default -> Undefined.attribute(this, name);
        };
    }
}
