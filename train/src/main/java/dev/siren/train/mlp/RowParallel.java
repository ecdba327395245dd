package dev.siren.train.mlp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits row-wise work into contiguous chunks (multiples of 4 rows, the kernels' tile height) run on a fixed set of
 * threads; the calling thread takes the first chunk. Results do not depend on the number of threads because each
 * row is always computed the same way.
 */
public final class RowParallel implements AutoCloseable {

    /** Work on the rows [from, to). */
    public interface RowRange {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    public RowParallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, "siren-mlp");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    public void forRows(int rows, RowRange work) {
        int chunk = Math.max(4, (rows + threads - 1) / threads + 3 & ~3);
        if (pool == null || rows <= chunk) {
            work.run(0, rows);
            return;
        }
        List<Future<?>> pending = new ArrayList<>();
        for (int from = chunk; from < rows; from += chunk) {
            int f = from, t = Math.min(rows, from + chunk);
            pending.add(pool.submit(() -> work.run(f, t)));
        }
        work.run(0, chunk);
        try {
            for (Future<?> p : pending) {
                p.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
