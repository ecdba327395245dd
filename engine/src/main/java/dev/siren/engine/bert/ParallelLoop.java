package dev.siren.engine.bert;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/** Runs the iterations of a loop on a fixed set of worker threads (the encoder's), splitting the range in halves. */
final class ParallelLoop implements AutoCloseable {

    private final ForkJoinPool pool;
    private final int threads;

    ParallelLoop(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    int threads() {
        return threads;
    }

    /** Calls body(i) for i in [0, count), in parallel, and returns when all are done. */
    void forEach(int count, IntConsumer body) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        } else {
            pool.invoke(new Range(body, 0, count));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    private static final class Range extends RecursiveAction {
        private final IntConsumer body;
        private final int from;
        private final int to;

        Range(IntConsumer body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(body, from, mid), new Range(body, mid, to));
        }
    }
}
