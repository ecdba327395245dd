package dev.siren.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Models of this JVM (a Spark executor, or the driver in local mode), each loaded once, on first use, and shared by
 * every task: they are thread-safe and their weights are large. Never serialized: tasks carry only names.
 */
final class JvmShared<T> {

    private final Map<String, T> loaded = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final Function<String, T> loader;

    JvmShared(Function<String, T> loader) {
        this.loader = loader;
    }

    T get(String name) {
        return loaded.computeIfAbsent(name, n -> {
            loads.incrementAndGet();
            return loader.apply(n);
        });
    }

    int loads() {
        return loads.get();
    }

    void put(String name, T model) {
        loaded.put(name, model);
    }
}
