package dev.siren.server;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/** The JVM's own figures, for sizing the service (docs/server.md, "Sizing"): heap, garbage collection, threads. */
final class JvmMetrics {

    private JvmMetrics() {
    }

    static void render(StringBuilder out) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(out, "jvm_heap_used_bytes", "Heap in use.", heap.getUsed());
        gauge(out, "jvm_heap_committed_bytes", "Heap reserved from the operating system.", heap.getCommitted());
        gauge(out, "jvm_heap_max_bytes", "Largest heap allowed (-Xmx).", heap.getMax());
        out.append("# HELP jvm_gc_collections_total Garbage collections, by collector.\n");
        out.append("# TYPE jvm_gc_collections_total counter\n");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.append("jvm_gc_collections_total{gc=\"").append(gc.getName()).append("\"} ").append(gc.getCollectionCount()).append('\n');
        }
        out.append("# HELP jvm_gc_seconds_total Time spent in garbage collection, by collector.\n");
        out.append("# TYPE jvm_gc_seconds_total counter\n");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.append("jvm_gc_seconds_total{gc=\"").append(gc.getName()).append("\"} ").append(gc.getCollectionTime() / 1000.0).append('\n');
        }
        gauge(out, "jvm_threads", "Live platform threads (requests run on virtual threads, not counted here).",
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }
}
