package dev.siren.engine.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of compute threads. The caller's thread works as one of them, so {@code threads = 1} runs
 * everything inline. Kernels split work into one contiguous range per thread (GEMM rows) or hand out
 * items dynamically (attention heads of unequal cost).
 * <p>
 * A forward pass is a chain of short parallel steps (a BERT layer has five, each 0.1-1 ms), so handing work over
 * has to cost microseconds, not the tens of microseconds of waking a parked thread (35 µs per step measured in a
 * 2-vCPU VM through an executor). A worker therefore keeps polling for {@link #POLL_NANOS} after its last step before
 * it parks, as OpenMP runtimes do, and a caller waiting for its workers polls just as long. They poll with
 * {@link Thread#yield()}, not a busy spin: on an idle core it returns at once (a step is handed over in 1-2 µs), and
 * beside another busy process it gives that process the core instead of burning it (a busy spin made bge-small
 * 9 % slower than the executor there; yielding, on par).
 * <p>
 * One caller drives the workers at a time. Another thread that calls meanwhile, or a step started from inside a
 * step, runs its items on its own thread instead of waiting.
 */
public final class Parallel implements AutoCloseable {

    /** Work on items {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** How long an idle worker, or a caller waiting for workers, polls before it parks. */
    private static final long POLL_NANOS = 100_000;

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean driven = new AtomicBoolean();
    private volatile boolean closed;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
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
        run(parts, part -> task.run(Math.min(count, (int) ((long) units * part / parts) * align),
                Math.min(count, (int) ((long) units * (part + 1) / parts) * align)));
    }

    /** Runs {@code task.run(i, i + 1)} for every item, each thread taking the next free item. */
    public void forEach(int count, RangeTask task) {
        int parts = Math.min(threads, count);
        if (parts <= 1) {
            for (int i = 0; i < count; i++) {
                task.run(i, i + 1);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        run(parts, part -> {
            for (int i; (i = next.getAndIncrement()) < count; ) {
                task.run(i, i + 1);
            }
        });
    }

    /** Runs {@code body.run(part)} for parts 0 (on this thread) to {@code parts - 1}, then rethrows the first failure. */
    private void run(int parts, Part body) {
        if (closed) {
            throw new IllegalStateException("this Parallel is closed");
        }
        if (!driven.compareAndSet(false, true)) {
            for (int part = 0; part < parts; part++) {
                body.run(part);
            }
            return;
        }
        Step step = new Step(body, parts - 1, Thread.currentThread());
        try {
            for (int w = 0; w < parts - 1; w++) {
                workers[w].hand(step);
            }
            step.runPart(0);
            step.awaitWorkers();
        } finally {
            driven.set(false);
        }
        step.rethrow();
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    @FunctionalInterface
    private interface Part {
        void run(int part);
    }

    /** One parallel step: its body, the workers still running it, and the first failure. */
    private static final class Step {
        private final Part body;
        private final AtomicInteger pending;
        private final Thread caller;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean callerParked;

        Step(Part body, int workers, Thread caller) {
            this.body = body;
            this.pending = new AtomicInteger(workers);
            this.caller = caller;
        }

        void runPart(int part) {
            try {
                body.run(part);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }

        void workerDone() {
            if (pending.decrementAndGet() == 0 && callerParked) {
                LockSupport.unpark(caller);
            }
        }

        /** Waits for every worker even when interrupted: they are writing into the caller's buffers. */
        void awaitWorkers() {
            long pollUntil = System.nanoTime() + POLL_NANOS;
            while (pending.get() != 0 && System.nanoTime() < pollUntil) {
                Thread.yield();
            }
            boolean interrupted = false;
            callerParked = true;
            while (pending.get() != 0) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void rethrow() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** A compute thread: runs the part it is handed, polls a while for the next, then parks. */
    private final class Worker extends Thread {
        private final int part;
        private volatile Step step;
        private volatile boolean parked;

        Worker(int part) {
            super("siren-compute");
            this.part = part;
            setDaemon(true);
        }

        /** Called only by the driving caller, after this worker finished its previous step. */
        void hand(Step next) {
            step = next;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            for (Step s; (s = awaitStep()) != null || !closed; ) {
                if (s != null) {
                    step = null;
                    s.runPart(part);
                    s.workerDone();
                }
            }
        }

        private Step awaitStep() {
            long pollUntil = System.nanoTime() + POLL_NANOS;
            Step s;
            while ((s = step) == null && !closed && System.nanoTime() < pollUntil) {
                Thread.yield();
            }
            if (s != null) {
                return s;
            }
            parked = true;
            if ((s = step) == null && !closed) {
                LockSupport.park(this);
                s = step;
            }
            parked = false;
            return s;
        }
    }
}
