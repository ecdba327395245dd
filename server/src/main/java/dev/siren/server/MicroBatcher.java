package dev.siren.server;

import dev.siren.guard.Guard;
import dev.siren.guard.PreparedText;
import dev.siren.guard.ScoreResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs all of the guard's work for the service, fairly across clients: texts to score, grouped into
 * {@link Guard#scorePrepared} batches (one backbone pass over a batch costs far less than one pass per text), and
 * session steps, which run alone. Work is counted in backbone tokens, known before it is queued
 * ({@link Guard#prepare}).
 *
 * <ul>
 *   <li><b>Fairness.</b> Each client's texts, and each client's session steps, form a flow of a {@link FairQueue}:
 *   while several flows wait, each gets an equal share of the guard's tokens, so one client's large requests (or
 *   many sessions) delay another client's small request by about one batch, not by their whole backlog.</li>
 *   <li><b>Batches.</b> A worker takes the next text in fair order, then more (in fair order) until the batch holds
 *   {@code maxBatchSize} texts or {@code maxBatchTokens} tokens, or {@code linger} has passed since the first.
 *   Texts whose request has given up (its future is done) are skipped. Thresholds do not change the score, so one
 *   batch mixes requests with different thresholds and each result is re-thresholded.</li>
 *   <li><b>Caps.</b> At most {@code maxQueuedTokens} tokens wait in all, and a client has at most
 *   {@code maxClientTokens} waiting or being scored; a request beyond either is refused at once (429) instead of
 *   queueing behind work it would time out on. A request is always admitted when the queue, or its client's share,
 *   is empty, so a text of the largest allowed size can always be scored.</li>
 * </ul>
 * A session step's cost is not known in advance (it depends on how the guard streams); it is charged as the time
 * it took, in tokens at the rate batches ran.
 */
final class MicroBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class.getName());

    /** Whose work a flow holds and which kind: texts are batched together, session steps are not. */
    private record Flow(String client, boolean session) {
    }

    private static final Predicate<Object> ANY = flow -> true;
    private static final Predicate<Object> TEXTS = flow -> !((Flow) flow).session();

    /** Work waiting for the guard. */
    private sealed interface Job permits TextJob, Step {
        String client();

        int tokens();
    }

    private record TextJob(String client, PreparedText text, double threshold, CompletableFuture<ScoreResult> result)
            implements Job {
        @Override
        public int tokens() {
            return text.tokens();
        }
    }

    /** A piece of work run alone (a session step); {@code started} lets a caller that gave up withdraw it. */
    private record Step(String client, int tokens, Supplier<?> work, CompletableFuture<Object> result,
                        AtomicBoolean started) implements Job {
    }

    private final Guard guard;
    private final int maxBatchSize;
    private final int maxBatchTokens;
    private final long maxQueuedTokens;
    private final long maxClientTokens;
    private final long lingerNanos;
    private final Duration requestTimeout;
    private final Metrics metrics;
    private final List<Thread> workers = new ArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    // guarded by lock:
    private final FairQueue<Job> queue = new FairQueue<>(Job::tokens);
    private final Map<String, Long> clientTokens = new HashMap<>(); // waiting or running, per client
    private long queuedTokens;
    private double nanosPerToken; // moving average over batches; 0 until one has run
    private boolean accepting = true;

    MicroBatcher(Guard guard, ServerConfig config, Metrics metrics) {
        this.guard = guard;
        this.maxBatchSize = config.maxBatchSize();
        this.maxBatchTokens = config.maxBatchTokens();
        this.maxQueuedTokens = config.maxQueuedTokens();
        this.maxClientTokens = config.maxClientTokens();
        this.lingerNanos = config.linger().toNanos();
        this.requestTimeout = config.requestTimeout();
        this.metrics = metrics;
        for (int i = 0; i < config.batchWorkers(); i++) {
            Thread worker = Thread.ofPlatform().name("siren-batch-" + i).daemon().unstarted(this::work);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Prepares (tokenizes) all texts of one request and queues them, or none of them. Call {@link #checkRoom} first
     * to refuse a client at its cap before spending anything on its request.
     *
     * @throws ApiException 429 when they do not fit in the queue or in the client's share, 503 once shut down
     * @throws IllegalArgumentException when the guard cannot prepare a text
     */
    List<CompletableFuture<ScoreResult>> submit(String client, List<String> texts, double threshold) {
        List<PreparedText> prepared = texts.stream().map(guard::prepare).toList();
        long tokens = prepared.stream().mapToLong(PreparedText::tokens).sum();
        List<CompletableFuture<ScoreResult>> results = new ArrayList<>(texts.size());
        lock.lock();
        try {
            admit(client, tokens);
            Flow flow = new Flow(client, false);
            for (PreparedText text : prepared) {
                CompletableFuture<ScoreResult> result = new CompletableFuture<>();
                enqueue(flow, new TextJob(client, text, threshold, result));
                results.add(result);
            }
        } finally {
            lock.unlock();
        }
        return results;
    }

    /**
     * Runs {@code work} alone on a worker, in its client's fair turn, and returns its result. A step not started
     * within the request timeout is withdrawn (503); one already started is waited for, so that it never happens
     * behind its caller's back.
     *
     * @param tokens an estimate of its cost, counted against the caps until it ends
     * @throws ApiException 429 when it does not fit in the queue or the client's share, 503 on timeout or shutdown
     */
    @SuppressWarnings("unchecked")
    <T> T runStep(String client, int tokens, Supplier<T> work) {
        Step step = new Step(client, Math.max(1, tokens), work, new CompletableFuture<>(), new AtomicBoolean());
        lock.lock();
        try {
            admit(client, step.tokens());
            enqueue(new Flow(client, true), step);
        } finally {
            lock.unlock();
        }
        try {
            try {
                return (T) step.result().get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (step.started().compareAndSet(false, true)) {
                    throw timeout(requestTimeout);
                }
                return (T) step.result().get(); // running now: its outcome is the answer
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            step.started().compareAndSet(false, true);
            throw ApiException.unavailable("shutting_down", "The request was interrupted.");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException cause -> throw cause;
                case Error cause -> throw cause;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    static ApiException timeout(Duration limit) {
        String took = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
        return new ApiException(503, "server_error", "timeout", null,
                "Scoring did not finish within " + took + "; the service is overloaded.");
    }

    /** Tokens waiting to be scored or run. */
    int queuedTokens() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, queuedTokens);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails (429) when the queue or {@code client}'s share is already full: lets a request be refused before its
     * body is read and its texts tokenized.
     */
    void checkRoom(String client) {
        admit(client, 1);
    }

    /** Fails unless {@code tokens} more fit in the queue and in the client's share; call with the lock held or not. */
    private void admit(String client, long tokens) {
        lock.lock();
        try {
            if (!accepting) {
                throw ApiException.unavailable("shutting_down", "The service is shutting down; retry on another instance.");
            }
            long used = clientTokens.getOrDefault(client, 0L);
            if (used > 0 && used + tokens > maxClientTokens) {
                metrics.recordQueueRejection();
                throw ApiException.overloaded("client_queue_full", "This client already has " + used
                        + " tokens waiting or being scored (at most " + maxClientTokens + " per client); retry when"
                        + " they are answered.");
            }
            if (queuedTokens > 0 && queuedTokens + tokens > maxQueuedTokens) {
                metrics.recordQueueRejection();
                throw ApiException.overloaded("queue_full", "The scoring queue is full (" + queuedTokens
                        + " tokens waiting); retry later.");
            }
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Flow flow, Job job) {
        queue.add(flow, job);
        queuedTokens += job.tokens();
        clientTokens.merge(job.client(), (long) job.tokens(), Long::sum);
        workArrived.signalAll();
    }

    /** Ends a job's claim on its client's share (it was scored, failed or dropped). */
    private void release(Job job) {
        clientTokens.computeIfPresent(job.client(), (client, used) -> used > job.tokens() ? used - job.tokens() : null);
    }

    private void work() {
        while (true) {
            List<TextJob> batch;
            Step step;
            lock.lock();
            try {
                while (queue.isEmpty()) {
                    if (!accepting) {
                        return; // shut down and drained
                    }
                    workArrived.await(50, TimeUnit.MILLISECONDS);
                }
                Job next = queue.peek(ANY);
                if (next instanceof Step s) {
                    take(ANY);
                    step = s.started().compareAndSet(false, true) ? s : null;
                    if (step == null) {
                        release(s); // its caller gave up
                    }
                    batch = null;
                } else {
                    step = null;
                    batch = gatherBatch();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (step != null) {
                run(step);
            } else if (!batch.isEmpty()) {
                run(batch);
            }
        }
    }

    private Job take(Predicate<Object> flows) {
        Job job = queue.poll(flows);
        queuedTokens -= job.tokens();
        return job;
    }

    /** Takes texts in fair order until the batch is full or the linger time is over; called with the lock held. */
    private List<TextJob> gatherBatch() {
        List<TextJob> batch = new ArrayList<>();
        long tokens = 0;
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatchSize) {
            Job next = queue.peek(TEXTS);
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (batch.isEmpty() || wait <= 0 || !accepting) {
                    break;
                }
                try {
                    workArrived.awaitNanos(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // run what was taken; the worker stops after it
                    break;
                }
                continue;
            }
            if (!batch.isEmpty() && tokens + next.tokens() > maxBatchTokens) {
                break; // it starts the next batch
            }
            TextJob text = (TextJob) take(TEXTS);
            if (text.result().isDone()) { // its request timed out
                release(text);
                continue;
            }
            batch.add(text);
            tokens += text.tokens();
        }
        return batch;
    }

    /**
     * Scores a batch. The answers are given only after the batch's tokens are released, so a client that sends its
     * next request as soon as it has an answer finds its share free again.
     */
    private void run(List<TextJob> batch) {
        long start = System.nanoTime();
        List<Runnable> answers = new ArrayList<>();
        try {
            answers.addAll(score(batch));
        } catch (Error e) { // e.g. out of memory: fail this batch's requests but keep the worker serving
            LOG.log(Level.SEVERE, "scoring a batch of " + batch.size() + " texts failed", e);
            batch.forEach(job -> answers.add(() -> job.result().completeExceptionally(e)));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                answers.add(() -> fail(batch.getFirst(), e));
            } else {
                // One bad text must not fail the requests it was batched with: score each alone, so only the
                // offending request gets the error.
                LOG.log(Level.FINE, "a batch of " + batch.size() + " failed; scoring its texts one by one", e);
                for (TextJob job : batch) {
                    try {
                        answers.addAll(score(List.of(job)));
                    } catch (RuntimeException single) {
                        answers.add(() -> fail(job, single));
                    }
                }
            }
        } finally {
            long nanos = System.nanoTime() - start;
            metrics.recordBatch(batch.size(), nanos / 1e9);
            long tokens = batch.stream().mapToLong(TextJob::tokens).sum();
            lock.lock();
            try {
                double rate = (double) nanos / tokens;
                nanosPerToken = nanosPerToken == 0 ? rate : 0.8 * nanosPerToken + 0.2 * rate;
                batch.forEach(this::release);
            } finally {
                lock.unlock();
            }
            answers.forEach(Runnable::run);
        }
    }

    private void run(Step step) {
        long start = System.nanoTime();
        Runnable answer;
        try {
            Object value = step.work().get();
            answer = () -> step.result().complete(value);
        } catch (RuntimeException | Error e) {
            answer = () -> step.result().completeExceptionally(e);
        }
        long nanos = System.nanoTime() - start;
        lock.lock();
        try {
            if (nanosPerToken > 0) { // charge what it really cost, at the rate batches run
                queue.charge(new Flow(step.client(), true), Math.round(nanos / nanosPerToken) - step.tokens());
            }
            release(step);
        } finally {
            lock.unlock();
        }
        answer.run();
    }

    /** Scores the jobs; the returned actions answer them. */
    private List<Runnable> score(List<TextJob> jobs) {
        List<ScoreResult> scores = guard.scorePrepared(jobs.stream().map(TextJob::text).toList(), guard.defaultThreshold());
        if (scores.size() != jobs.size()) {
            throw new IllegalStateException("the guard returned " + scores.size() + " scores for " + jobs.size() + " texts");
        }
        List<Runnable> answers = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            TextJob job = jobs.get(i);
            ScoreResult result = ScoreResult.of(scores.get(i).score(), job.threshold());
            answers.add(() -> job.result().complete(result));
        }
        return answers;
    }

    private static void fail(TextJob job, RuntimeException e) {
        if (!(e instanceof IllegalArgumentException)) {
            LOG.log(Level.SEVERE, "scoring failed", e);
        }
        job.result().completeExceptionally(e);
    }

    /** Stops taking new work, runs everything already queued, and waits up to {@code grace} for the workers. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    void close(Duration grace) {
        lock.lock();
        try {
            accepting = false;
            workArrived.signalAll();
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            IllegalStateException shutDown = new IllegalStateException("the service shut down before scoring");
            queue.drain(job -> {
                switch (job) {
                    case TextJob text -> text.result().completeExceptionally(shutDown);
                    case Step step -> step.result().completeExceptionally(
                            ApiException.unavailable("shutting_down", "The service shut down before this step ran."));
                }
            });
            queuedTokens = 0;
            clientTokens.clear();
        } finally {
            lock.unlock();
        }
    }
}
