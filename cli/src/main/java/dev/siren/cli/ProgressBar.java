package dev.siren.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A one-line progress bar on stderr, redrawn at most every 200 ms. When stderr is not a terminal it stays silent
 * until {@link #finish}, so logs and CI output get one summary line instead of carriage-return noise.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final String unit;
    private final long total;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintWriter out, String unit, long total, boolean interactive) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.interactive = interactive;
    }

    /** Whether this process writes to a terminal (the progress bar is only drawn there). */
    static boolean terminalAttached() {
        return System.console() != null && System.console().isTerminal();
    }

    void update(long done) {
        long now = System.nanoTime();
        if (!interactive || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(done, now));
        out.flush();
    }

    void finish(long done, String summary) {
        out.print((interactive ? "\r" + line(done, System.nanoTime()) + "\n" : "") + summary + "\n");
        out.flush();
    }

    private String line(long done, long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        String eta = rate > 0 && done < total ? " ETA " + format(Duration.ofSeconds((long) ((total - done) / rate))) : "";
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit
                + String.format(" %.1f %s/s", rate, unit) + eta + "   ";
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m"
                : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
    }
}
