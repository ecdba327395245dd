package dev.siren.guard.hub;

import java.io.PrintStream;

/** Receives download progress; {@link #console()} draws a one-line bar on stderr. */
public interface DownloadProgress {

    /** A file starts downloading; {@code totalBytes} is -1 when unknown, {@code alreadyBytes} > 0 when resuming. */
    void started(String file, long totalBytes, long alreadyBytes);

    /** {@code bytes} of the file are now on disk. */
    void advanced(String file, long bytes);

    void finished(String file);

    static DownloadProgress none() {
        return new DownloadProgress() {
            @Override
            public void started(String file, long totalBytes, long alreadyBytes) {
            }

            @Override
            public void advanced(String file, long bytes) {
            }

            @Override
            public void finished(String file) {
            }
        };
    }

    static DownloadProgress console() {
        return new ConsoleProgress(System.err);
    }

    /** Redraws at most every 200 ms so a fast download does not flood the terminal. */
    final class ConsoleProgress implements DownloadProgress {
        private final PrintStream out;
        private long total;
        private long lastDraw;
        private long startNanos;
        private long startBytes;

        ConsoleProgress(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void started(String file, long totalBytes, long alreadyBytes) {
            total = totalBytes;
            startNanos = System.nanoTime();
            startBytes = alreadyBytes;
            out.printf("Downloading %s%s%n", file, alreadyBytes > 0 ? " (resuming at " + mb(alreadyBytes) + ")" : "");
        }

        @Override
        public synchronized void advanced(String file, long bytes) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L && bytes != total) {
                return;
            }
            lastDraw = now;
            double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
            double rate = (bytes - startBytes) / seconds;
            if (total > 0) {
                int width = 30;
                int filled = (int) (width * bytes / total);
                out.printf("\r  [%s%s] %5.1f%% %s / %s  %s/s ", "#".repeat(filled), " ".repeat(width - filled),
                        100.0 * bytes / total, mb(bytes), mb(total), mb((long) rate));
            } else {
                out.printf("\r  %s  %s/s ", mb(bytes), mb((long) rate));
            }
        }

        @Override
        public synchronized void finished(String file) {
            out.println();
        }

        private static String mb(long bytes) {
            return String.format("%.1f MB", bytes / 1e6);
        }
    }
}
