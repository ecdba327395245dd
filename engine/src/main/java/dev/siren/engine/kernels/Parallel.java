package dev.siren.engine.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of compute threads. The caller's thread works as one of them, so {@code threads = 1} runs
 * everything inline. Kernels split work into one contiguous range per thread (GEMM rows) or hand out
 * items dynamically (attention heads of unequal cost).
 */
public final class Parallel implements AutoCloseable {

    /** Work on items {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "siren-compute");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Splits {@code [0, count)} into at most {@code threads} contiguous ranges whose bounds are multiples of {@code align}. */
    public void forRange(int count, int align, RangeTask task) {
        int units = (count + align - 1) / align;
        int parts = Math.min(threads, units);
        if (parts <= 1) {
            task.run(0, count);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = Math.min(count, (int) ((long) units * p / parts) * align);
            int to = Math.min(count, (int) ((long) units * (p + 1) / parts) * align);
            futures.add(pool.submit(() -> task.run(from, to)));
        }
        task.run(0, Math.min(count, units / parts * align));
        await(futures);
    }

    /** Runs {@code task.run(i, i + 1)} for every item, each thread taking the next free item. */
    public void forEach(int count, RangeTask task) {
        int workers = Math.min(threads, count);
        if (workers <= 1) {
            for (int i = 0; i < count; i++) {
                task.run(i, i + 1);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < count; ) {
                task.run(i, i + 1);
            }
        };
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int p = 1; p < workers; p++) {
            futures.add(pool.submit(worker));
        }
        worker.run();
        await(futures);
    }

    private static void await(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for compute threads", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
