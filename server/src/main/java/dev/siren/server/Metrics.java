package dev.siren.server;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The service's Prometheus metrics, rendered in the text exposition format (version 0.0.4).
 * Routes are the fixed route names of the endpoints, never raw paths, so label cardinality stays bounded.
 */
final class Metrics {

    private static final double[] LATENCY_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128};

    private final Map<String, LongAdder> requests = new ConcurrentSkipListMap<>();
    private final Map<String, Histogram> latency = new ConcurrentSkipListMap<>();
    private final Histogram batchSizes = new Histogram(BATCH_SIZES);
    private final Histogram batchSeconds = new Histogram(LATENCY_SECONDS);
    private final LongAdder rejected = new LongAdder();
    private final LongAdder scoringFailures = new LongAdder();
    private final Map<String, Gauge> gauges = new ConcurrentSkipListMap<>();

    private record Gauge(String help, IntSupplier value) {
    }

    void recordRequest(String route, int status, double seconds) {
        requests.computeIfAbsent("route=\"" + route + "\",status=\"" + status + "\"", k -> new LongAdder()).increment();
        latency.computeIfAbsent(route, k -> new Histogram(LATENCY_SECONDS)).observe(seconds);
    }

    void recordBatch(int size, double seconds) {
        batchSizes.observe(size);
        batchSeconds.observe(seconds);
    }

    void recordQueueRejection() {
        rejected.increment();
    }

    void recordScoringFailure() {
        scoringFailures.increment();
    }

    /** Registers a value read at scrape time (queue depth, open sessions). */
    void gauge(String name, String help, IntSupplier value) {
        gauges.put(name, new Gauge(help, value));
    }

    String render() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP siren_http_requests_total HTTP requests answered, by route and status.\n");
        out.append("# TYPE siren_http_requests_total counter\n");
        requests.forEach((labels, count) ->
                out.append("siren_http_requests_total{").append(labels).append("} ").append(count.sum()).append('\n'));
        out.append("# HELP siren_http_request_duration_seconds Time from request received to response sent.\n");
        out.append("# TYPE siren_http_request_duration_seconds histogram\n");
        latency.forEach((route, h) ->
                h.render(out, "siren_http_request_duration_seconds", "route=\"" + route + "\","));
        out.append("# HELP siren_batch_size Texts per Guard.scoreBatch call.\n");
        out.append("# TYPE siren_batch_size histogram\n");
        batchSizes.render(out, "siren_batch_size", "");
        out.append("# HELP siren_batch_duration_seconds Time per Guard.scoreBatch call.\n");
        out.append("# TYPE siren_batch_duration_seconds histogram\n");
        batchSeconds.render(out, "siren_batch_duration_seconds", "");
        out.append("# HELP siren_queue_rejections_total Requests refused with 429 because the scoring queue was full.\n");
        out.append("# TYPE siren_queue_rejections_total counter\n");
        out.append("siren_queue_rejections_total ").append(rejected.sum()).append('\n');
        out.append("# HELP siren_scoring_failures_total Requests answered 500 because the guard could not compute a valid score.\n");
        out.append("# TYPE siren_scoring_failures_total counter\n");
        out.append("siren_scoring_failures_total ").append(scoringFailures.sum()).append('\n');
        gauges.forEach((name, gauge) -> {
            out.append("# HELP ").append(name).append(' ').append(gauge.help()).append('\n');
            out.append("# TYPE ").append(name).append(" gauge\n");
            out.append(name).append(' ').append(gauge.value().getAsInt()).append('\n');
        });
        JvmMetrics.render(out);
        return out.toString();
    }
}
