package dev.siren.guard.progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress bars on a text stream (normally stderr). On a terminal the bar is redrawn in place at most ten times
 * a second; otherwise (logs, pipes) a line is written at most every few seconds, so logs stay readable.
 */
public final class ConsoleProgress implements Progress {

    private static final int BAR_WIDTH = 24;
    /** Below this much elapsed time no rate or ETA is shown. */
    private static final double MIN_RATE_SECONDS = 1;

    private final PrintWriter out;
    private final boolean interactive;
    private final LongSupplier nanoClock;

    public ConsoleProgress(PrintWriter out, boolean interactive, LongSupplier nanoClock) {
        this.out = out;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
    }

    /** Progress on the given writer (normally stderr), redrawn in place when a terminal is attached. */
    public static ConsoleProgress on(PrintWriter out) {
        return new ConsoleProgress(out, System.console() != null && System.console().isTerminal(), System::nanoTime);
    }

    @Override
    public Task start(String label, long total, String unit) {
        return new BarTask(label, total, unit);
    }

    @Override
    public void info(String message) {
        synchronized (out) {
            out.println(message);
            out.flush();
        }
    }

    /** Formats one progress line; public so that other front ends can show the same text. */
    public static String format(String label, long done, long total, String unit, double elapsedSeconds) {
        boolean bytes = unit.equals(Progress.BYTES);
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total >= 0) {
            double fraction = total > 0 ? Math.min(1, (double) done / total) : 0;
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
            sb.append(bytes ? megabytes(done) + "/" + megabytes(total) + " MB" : done + "/" + total + " " + unit);
            sb.append(String.format(Locale.ROOT, " %3d%%", (int) Math.floor(fraction * 100)));
        } else {
            sb.append(bytes ? megabytes(done) + " MB" : done + " " + unit);
        }
        boolean finished = total >= 0 && done >= total;
        if (elapsedSeconds < MIN_RATE_SECONDS && !finished) {
            return sb.toString(); // a rate over a fraction of a second is noise (the first update said 150 GB/s)
        }
        double rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        sb.append(bytes ? " " + megabytes((long) rate) + " MB/s"
                : String.format(Locale.ROOT, " %.1f %s/s", rate, unit));
        if (finished) {
            sb.append(" in ").append(duration(elapsedSeconds));
        } else if (rate > 0 && total >= 0) {
            sb.append(" ETA ").append(duration((total - done) / rate));
        }
        return sb.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private final class BarTask implements Task {
        private final String label;
        private final long total;
        private final String unit;
        private final long startNanos = nanoClock.getAsLong();
        private final AtomicLong done = new AtomicLong();
        private long lastDrawNanos = Long.MIN_VALUE;
        private boolean closed;

        BarTask(String label, long total, String unit) {
            this.label = label;
            this.total = total;
            this.unit = unit;
        }

        @Override
        public void advance(long steps) {
            long now = done.addAndGet(steps);
            long t = nanoClock.getAsLong();
            long interval = interactive ? 100_000_000L : 5_000_000_000L;
            synchronized (out) {
                boolean due = lastDrawNanos == Long.MIN_VALUE || t - lastDrawNanos >= interval;
                if (!closed && due && (total < 0 || now < total)) {
                    draw(now, t, false);
                }
            }
        }

        @Override
        public void close() {
            synchronized (out) {
                if (!closed) {
                    closed = true;
                    draw(done.get(), nanoClock.getAsLong(), true);
                }
            }
        }

        private void draw(long count, long t, boolean last) {
            lastDrawNanos = t;
            String line = format(label, count, total, unit, (t - startNanos) / 1e9);
            if (interactive) {
                out.print("\r" + line + (last ? "\n" : ""));
            } else {
                out.println(line);
            }
            out.flush();
        }
    }
}
