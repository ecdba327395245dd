package dev.siren.tokenizer.chat.jinja;

import java.util.List;
import java.util.Map;

/** Something a template can call: a global function, a macro, a bound string or dict method. */
@FunctionalInterface
interface PyCallable {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
