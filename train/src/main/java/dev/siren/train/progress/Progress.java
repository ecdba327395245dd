package dev.siren.train.progress;

/**
 * Where long-running work reports what it is doing: counted tasks (shown as progress bars with rate and ETA by
 * {@link ConsoleProgress}) and one-line messages. Library callers that want silence pass {@link #NONE}.
 * Implementations are thread-safe.
 */
public interface Progress {

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

    /** Starts a task of {@code total} steps counted in {@code unit} (e.g. "texts"). */
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
