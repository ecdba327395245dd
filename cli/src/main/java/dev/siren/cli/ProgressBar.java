package dev.siren.cli;

/** A one-line progress bar on stderr, redrawn in place, for long work with a known total. */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final String label;
    private int lastPercent = -1;

    ProgressBar(String label) {
        this.label = label;
    }

    void update(long done, long total) {
        int percent = total <= 0 ? 100 : (int) (100 * done / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = percent * WIDTH / 100;
        System.err.printf("\r%s [%s%s] %3d%%", label, "#".repeat(filled), ".".repeat(WIDTH - filled), percent);
        System.err.flush();
    }

    void finish() {
        System.err.println();
    }
}
