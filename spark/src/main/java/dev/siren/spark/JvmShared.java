package dev.siren.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Models of this JVM (a Spark executor, or the driver in local mode), each loaded once, on first use, and shared by
 * every task: they are thread-safe and their weights are large. Never serialized: tasks carry only names.
 */
final class JvmShared<T> {

    private final Map<String, T> loaded = new ConcurrentHashMap<>();
    private final Map<String, Integer> loads = new ConcurrentHashMap<>();
    private final Function<String, T> loader;

    JvmShared(Function<String, T> loader) {
        this.loader = loader;
    }

    T get(String name) {
        return loaded.computeIfAbsent(name, n -> {
            loads.merge(n, 1, Integer::sum);
            return loader.apply(n);
        });
    }

    /** How many times this JVM has loaded the model of that name. */
    int loads(String name) {
        return loads.getOrDefault(name, 0);
    }

    void put(String name, T model) {
        loaded.put(name, model);
    }
}
