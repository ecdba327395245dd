package dev.siren.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Spark's own account of the jobs one piece of work ran: the task time the executors spent on them and the span from
 * the first task's launch to the last task's end. Start-up (the driver, the executors' JVMs, the jar transfer) is in
 * neither, so {@code rows / taskSeconds} is the per-core rate a long job approaches on the cluster, which is what to
 * size a cluster by; the wall clock of a short job adds the start-up once.
 */
final class JobTaskTime extends SparkListener {

    /** How long to wait for the scheduler's last events after the work returned (they are delivered asynchronously). */
    private static final long DRAIN_MILLIS = 10_000;

    /** The local property {@link SparkContext#setJobGroup} sets (SparkContext.SPARK_JOB_GROUP_ID, not public). */
    private static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";

    private final String group;
    private final Set<Integer> jobs = ConcurrentHashMap.newKeySet();
    private final Set<Integer> endedJobs = ConcurrentHashMap.newKeySet();
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    private final LongAdder taskMillis = new LongAdder();
    private final LongAdder tasks = new LongAdder();
    private final AtomicLong firstLaunch = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastFinish = new AtomicLong(Long.MIN_VALUE);
    private volatile long lastEventNanos = System.nanoTime();

    private JobTaskTime(String group) {
        this.group = group;
    }

    /** What the executors spent on the jobs of {@code work}, run in its own job group. */
    record Times(long tasks, double taskSeconds, double spanSeconds) {
    }

    /** Runs {@code work} in a job group of its own and returns the task time of its jobs. */
    static Times measure(SparkContext context, String group, Runnable work) {
        JobTaskTime listener = new JobTaskTime(group);
        context.addSparkListener(listener);
        context.setJobGroup(group, group, false);
        try {
            work.run();
            listener.awaitEnds();
            return listener.times();
        } finally {
            context.clearJobGroup();
            context.removeSparkListener(listener);
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        if (group.equals(start.properties().getProperty(JOB_GROUP_PROPERTY))) {
            lastEventNanos = System.nanoTime();
            jobs.add(start.jobId());
            scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds()).forEach(id -> stages.add((Integer) id));
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        if (jobs.contains(end.jobId())) {
            lastEventNanos = System.nanoTime();
            endedJobs.add(end.jobId());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (stages.contains(end.stageId())) {
            lastEventNanos = System.nanoTime();
            TaskInfo info = end.taskInfo();
            taskMillis.add(info.finishTime() - info.launchTime());
            tasks.increment();
            firstLaunch.accumulateAndGet(info.launchTime(), Math::min);
            lastFinish.accumulateAndGet(info.finishTime(), Math::max);
        }
    }

    /**
     * Waits until every job of the group that started has also ended on the listener bus, and the bus has been quiet
     * for a moment (a later job's start may still be queued behind an earlier job's end); bounded.
     */
    private void awaitEnds() {
        long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
        while ((jobs.isEmpty() || !endedJobs.containsAll(jobs) || System.nanoTime() - lastEventNanos < 200_000_000L)
                && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Times times() {
        long span = tasks.sum() == 0 ? 0 : lastFinish.get() - firstLaunch.get();
        return new Times(tasks.sum(), taskMillis.sum() / 1000.0, span / 1000.0);
    }
}
