package dev.siren.tokenizer.chat.jinja;

import java.util.List;

/** A Python tuple (printed with parentheses; a dict's items are pairs of this kind). */
record Tuple(List<Object> items) {
}
