package dev.siren.server;

import dev.siren.guard.Guard;
import dev.siren.guard.ScoreResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Groups texts from concurrent requests into {@link Guard#scoreBatch} calls: one backbone pass over a batch costs
 * far less than one pass per text. The queue is bounded and a request that does not fit is refused at once
 * (the caller answers 429) instead of queueing behind work it would time out on anyway.
 *
 * <p>A worker takes the oldest text, then gathers more until the batch holds {@code maxBatchSize} texts or
 * {@code maxBatchChars} characters, or {@code linger} has passed since the first one. Texts whose request has
 * given up (its future is done) are skipped. Thresholds do not change the score, so one batch mixes requests
 * with different thresholds and each result is re-thresholded.
 */
final class MicroBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class.getName());

    /** One text waiting to be scored. */
    private record Job(String text, double threshold, CompletableFuture<ScoreResult> result) {
    }

    /** Thrown when a request's texts do not fit in the queue. */
    static final class QueueFullException extends Exception {
        QueueFullException(String message) {
            super(message, null, false, false);
        }
    }

    private final Guard guard;
    private final int maxBatchSize;
    private final int maxBatchChars;
    private final long lingerNanos;
    private final Metrics metrics;
    private final BlockingQueue<Job> queue;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean accepting = true;

    MicroBatcher(Guard guard, ServerConfig config, Metrics metrics) {
        this.guard = guard;
        this.maxBatchSize = config.maxBatchSize();
        this.maxBatchChars = config.maxBatchChars();
        this.lingerNanos = config.linger().toNanos();
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        for (int i = 0; i < config.batchWorkers(); i++) {
            Thread worker = Thread.ofPlatform().name("siren-batch-" + i).daemon().unstarted(this::work);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Queues all texts of one request, or none of them.
     *
     * @throws QueueFullException when the queue has no room for all of them
     */
    synchronized List<CompletableFuture<ScoreResult>> submit(List<String> texts, double threshold)
            throws QueueFullException {
        if (!accepting) {
            throw new IllegalStateException("the batcher is shut down");
        }
        // Only this method adds to the queue and it is synchronized, so the room checked here cannot shrink.
        if (queue.remainingCapacity() < texts.size()) {
            throw new QueueFullException("The scoring queue is full (" + queue.size() + " texts waiting); retry later.");
        }
        List<CompletableFuture<ScoreResult>> results = new ArrayList<>(texts.size());
        for (String text : texts) {
            CompletableFuture<ScoreResult> result = new CompletableFuture<>();
            queue.add(new Job(text, threshold, result));
            results.add(result);
        }
        return results;
    }

    /** Texts waiting to be scored. */
    int queueDepth() {
        return queue.size();
    }

    private void work() {
        Job carried = null;
        while (true) {
            Job first;
            try {
                first = carried != null ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            carried = null;
            if (first == null) {
                if (!accepting && queue.isEmpty()) {
                    return; // shut down and drained
                }
                continue;
            }
            if (first.result().isDone()) {
                continue;
            }
            List<Job> batch = new ArrayList<>(maxBatchSize);
            batch.add(first);
            int chars = first.text().length();
            long deadline = System.nanoTime() + lingerNanos;
            while (batch.size() < maxBatchSize) {
                Job next;
                try {
                    long wait = deadline - System.nanoTime();
                    next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (next == null) {
                    break;
                }
                if (next.result().isDone()) {
                    continue;
                }
                if (chars + next.text().length() > maxBatchChars) {
                    carried = next; // starts the next batch, keeping arrival order
                    break;
                }
                batch.add(next);
                chars += next.text().length();
            }
            run(batch);
        }
    }

    private void run(List<Job> batch) {
        long start = System.nanoTime();
        try {
            score(batch);
        } catch (Error e) { // e.g. out of memory: fail this batch's requests but keep the worker serving
            LOG.log(Level.SEVERE, "scoring a batch of " + batch.size() + " texts failed", e);
            batch.forEach(job -> job.result().completeExceptionally(e));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                fail(batch.getFirst(), e);
            } else {
                // One bad text (e.g. over the backbone's token limit) must not fail the requests it was batched
                // with: score each alone, so only the offending request gets the error.
                LOG.log(Level.FINE, "a batch of " + batch.size() + " failed; scoring its texts one by one", e);
                for (Job job : batch) {
                    try {
                        score(List.of(job));
                    } catch (RuntimeException single) {
                        fail(job, single);
                    }
                }
            }
        } finally {
            metrics.recordBatch(batch.size(), (System.nanoTime() - start) / 1e9);
        }
    }

    private void score(List<Job> jobs) {
        List<ScoreResult> scores = guard.scoreBatch(jobs.stream().map(Job::text).toList(), guard.defaultThreshold());
        if (scores.size() != jobs.size()) {
            throw new IllegalStateException("the guard returned " + scores.size() + " scores for " + jobs.size() + " texts");
        }
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            job.result().complete(ScoreResult.of(scores.get(i).score(), job.threshold()));
        }
    }

    private static void fail(Job job, RuntimeException e) {
        if (!(e instanceof IllegalArgumentException)) {
            LOG.log(Level.SEVERE, "scoring failed", e);
        }
        job.result().completeExceptionally(e);
    }

    /** Stops taking new texts, scores everything already queued, and waits up to {@code grace} for the workers. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    void close(Duration grace) {
        synchronized (this) {
            accepting = false;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread worker : workers) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    worker.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            worker.interrupt();
        }
        Job leftover;
        while ((leftover = queue.poll()) != null) {
            leftover.result().completeExceptionally(new IllegalStateException("the service shut down before scoring"));
        }
    }
}
