package dev.siren.engine.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of compute threads. The caller's thread works as one of them, so {@code threads = 1} runs
 * everything inline. Kernels split work into one contiguous range per thread (GEMM panels) or hand out
 * items dynamically (attention heads of unequal cost).
 *
 * <p>A forward pass of a small encoder is some sixty parallel steps of a few hundred microseconds each, so handing
 * work over must cost microseconds, not a thread wake-up: the workers spin for {@link #SPIN_NANOS} after each step
 * before they park, and the caller spins while the last items finish. Items are claimed from a shared counter, so a
 * worker that is late (descheduled, or parked) is never waited for: the caller does the unclaimed items itself.
 * One caller at a time uses the workers; a concurrent or nested call runs its items on its own thread.
 */
public final class Parallel implements AutoCloseable {

    /** Work on items {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** How long an idle worker (and a waiting caller) spins before it parks: longer than the gaps inside a pass. */
    private static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicBoolean inUse = new AtomicBoolean();
    /** The step the workers should help with; a new object for every step. */
    private volatile Step step;
    private volatile boolean closed;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("siren-compute-" + (i + 1)).unstarted(this::work);
            workers[i].start();
        }
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
        run(parts, (p, unused) -> task.run(Math.min(count, (int) ((long) units * p / parts) * align),
                Math.min(count, (int) ((long) units * (p + 1) / parts) * align)));
    }

    /** Runs {@code task.run(i, i + 1)} for every item, each thread taking the next free item. */
    public void forEach(int count, RangeTask task) {
        if (Math.min(threads, count) <= 1) {
            for (int i = 0; i < count; i++) {
                task.run(i, i + 1);
            }
            return;
        }
        run(count, task);
    }

    private void run(int count, RangeTask task) {
        if (!inUse.compareAndSet(false, true)) { // another caller has the workers, or this is a nested call
            for (int i = 0; i < count; i++) {
                task.run(i, i + 1);
            }
            return;
        }
        try {
            Step s = new Step(task, count, Thread.currentThread());
            step = s;
            for (Thread w : workers) {
                LockSupport.unpark(w); // a spinning worker ignores it; a parked one needs it
            }
            s.help();
            s.awaitDone();
            step = null;
            s.rethrow();
        } finally {
            inUse.set(false);
        }
    }

    private void work() {
        Step done = null;
        long idleSince = System.nanoTime();
        while (!closed) {
            Step s = step;
            if (s != null && s != done) {
                s.help();
                done = s;
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this); // unparked by the next step, or by close
            }
        }
    }

    /** One parallel step: items are claimed one by one; the caller waits until every item has finished. */
    private static final class Step {
        private final RangeTask task;
        private final int count;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        Step(RangeTask task, int count, Thread caller) {
            this.task = task;
            this.count = count;
            this.caller = caller;
        }

        void help() {
            for (int i; (i = next.getAndIncrement()) < count; ) {
                try {
                    if (failure == null) {
                        task.run(i, i + 1);
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    if (finished.incrementAndGet() == count) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        void awaitDone() {
            long start = System.nanoTime();
            while (finished.get() < count) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this); // the last item to finish unparks the caller
                }
            }
        }

        void rethrow() {
            switch (failure) {
                case null -> { }
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException(failure);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
