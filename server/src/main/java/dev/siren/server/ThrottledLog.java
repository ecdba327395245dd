package dev.siren.server;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs server faults with their stack traces, at most {@code perMinute} traces a minute: a fault that every request
 * hits must not flood the log. Beyond the budget each fault is one line, and the next trace says how many were cut.
 */
final class ThrottledLog {

    private final Logger log;
    private final int perMinute;
    private long windowStart = System.nanoTime();
    private int tracesInWindow;
    private int suppressed;

    ThrottledLog(Logger log, int perMinute) {
        this.log = log;
        this.perMinute = perMinute;
    }

    void severe(String message, Throwable fault) {
        boolean withTrace;
        int cut;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStart > TimeUnit.MINUTES.toNanos(1)) {
                windowStart = now;
                tracesInWindow = 0;
            }
            withTrace = tracesInWindow < perMinute;
            if (withTrace) {
                tracesInWindow++;
                cut = suppressed;
                suppressed = 0;
            } else {
                suppressed++;
                cut = 0;
            }
        }
        if (withTrace) {
            log.log(Level.SEVERE, cut == 0 ? message : message + " (" + cut + " earlier stack traces not logged)", fault);
        } else {
            log.severe(message + ": " + fault);
        }
    }
}
