package dev.siren.server;

import java.time.Instant;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * One line per request on stdout, in logfmt ({@code key=value}): time, request id, client, method, route, status,
 * duration, and the texts, characters and tokens scored. The scored text itself only with {@code logText}: it may be
 * personal data. Written through the java.util.logging logger {@value #NAME}, so it can be redirected or turned off.
 */
final class AccessLog {

    static final String NAME = "dev.siren.server.access";

    private static final Logger LOG = Logger.getLogger(NAME);

    static {
        LOG.setUseParentHandlers(false);
        StreamHandler stdout = new StreamHandler(System.out, new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + System.lineSeparator();
            }
        }) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        LOG.addHandler(stdout);
    }

    private final boolean logText;

    AccessLog(boolean logText) {
        this.logText = logText;
    }

    /** A request the HTTP layer refused before any route ran (malformed, headers too large). */
    void refused(String requestId, String client, int status) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.info(start(requestId, client, "-", "http", status, 0).toString());
        }
    }

    void record(HttpCall call, String route, int status, long nanos) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        StringBuilder line = start(call.requestId(), call.client(), call.method(), route, status, nanos);
        if (call.texts() > 0) {
            line.append(" texts=").append(call.texts()).append(" chars=").append(call.chars());
        }
        if (call.tokens() >= 0) {
            line.append(" tokens=").append(call.tokens());
        }
        if (logText && call.scoredText() != null) {
            line.append(" text=").append(Json.write(call.scoredText()));
        }
        LOG.info(line.toString());
    }

    private static StringBuilder start(String requestId, String client, String method, String route, int status, long nanos) {
        return new StringBuilder(160)
                .append("time=").append(Instant.now())
                .append(" id=").append(requestId)
                .append(" client=").append(client)
                .append(" method=").append(method)
                .append(" route=").append(route)
                .append(" status=").append(status)
                .append(" ms=").append(String.format(Locale.ROOT, "%.2f", nanos / 1e6));
    }
}
