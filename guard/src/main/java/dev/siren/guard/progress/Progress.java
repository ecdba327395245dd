package dev.siren.guard.progress;

import java.io.PrintWriter;

/**
 * Where long-running work reports what it is doing: counted tasks (shown as progress bars with rate and ETA by
 * {@link ConsoleProgress}) and one-line messages. The one progress API of siren: downloads, feature extraction,
 * training and batch scoring all report here. Library callers that want silence pass {@link #NONE}.
 * Implementations are thread-safe.
 */
public interface Progress {

    /** The unit of a task that counts bytes; shown in MB. */
    String BYTES = "bytes";

    Progress NONE = new Progress() {
        @Override
        public Task start(String label, long total, String unit) {
            return new Task() {
                @Override
                public void advance(long steps) {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void info(String message) {
        }
    };

    /** Progress bars on stderr ({@link ConsoleProgress}). */
    static Progress console() {
        return ConsoleProgress.on(new PrintWriter(System.err, true));
    }

    /** Starts a task of {@code total} steps counted in {@code unit} (e.g. "texts"); a negative total is unknown. */
    Task start(String label, long total, String unit);

    /** Reports a one-line message. */
    void info(String message);

    /** A counted piece of work; closing it marks it finished. */
    interface Task extends AutoCloseable {

        void advance(long steps);

        default void advance() {
            advance(1);
        }

        @Override
        void close();
    }
}
