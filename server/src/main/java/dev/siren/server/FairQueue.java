package dev.siren.server;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Fair queueing of work across flows (one client's texts to score, or one client's session steps): while several
 * flows wait, each gets an equal share of the guard's work, counted in tokens, whatever the number or size of its
 * requests. Self-clocked fair queueing: a flow's tag is the virtual time at which the work it was served ends;
 * the flow whose next job would end first goes next, and a flow that was idle starts at the current virtual time,
 * so a newcomer's first job runs ahead of the backlog of others instead of behind it.
 * Not thread-safe: {@link MicroBatcher} guards it.
 *
 * @param <J> a job; {@code cost} gives its tokens
 */
final class FairQueue<J> {

    /** Idle flows kept for their tags (so that a heavy user does not start afresh at once) before they are dropped. */
    private static final int MAX_IDLE_FLOWS = 4096;

    private static final class Flow<J> {
        final Object key;
        final ArrayDeque<J> jobs = new ArrayDeque<>();
        long tag; // virtual time at which the work this flow was served (or charged) ends
        long order; // when it last became backlogged: ties go to the longest waiting

        Flow(Object key) {
            this.key = key;
        }
    }

    private final ToIntFunction<J> cost;
    private final Map<Object, Flow<J>> flows = new HashMap<>();
    private final TreeSet<Flow<J>> backlogged;
    private long virtualTime;
    private long arrivals;
    private int size;

    FairQueue(ToIntFunction<J> cost) {
        this.cost = cost;
        this.backlogged = new TreeSet<>(Comparator.<Flow<J>>comparingLong(f -> f.tag + cost.applyAsInt(f.jobs.peek()))
                .thenComparingLong(f -> f.order));
    }

    void add(Object flowKey, J job) {
        if (flows.size() > MAX_IDLE_FLOWS + backlogged.size()) {
            flows.values().removeIf(f -> f.jobs.isEmpty());
        }
        Flow<J> flow = flows.computeIfAbsent(flowKey, Flow::new);
        if (flow.jobs.isEmpty()) {
            flow.tag = Math.max(flow.tag, virtualTime);
            flow.order = arrivals++;
            flow.jobs.add(job);
            backlogged.add(flow);
        } else {
            flow.jobs.add(job); // the head, and so the flow's place, is unchanged
        }
        size++;
    }

    /** The job that goes next among flows whose key passes {@code flows}, or null when none waits. */
    J peek(Predicate<Object> flows) {
        Flow<J> flow = first(flows);
        return flow == null ? null : flow.jobs.peek();
    }

    /** Removes and returns the job {@link #peek} gives, charging its cost to its flow. */
    J poll(Predicate<Object> flows) {
        Flow<J> flow = first(flows);
        if (flow == null) {
            return null;
        }
        backlogged.remove(flow);
        J job = flow.jobs.poll();
        virtualTime = Math.max(virtualTime, flow.tag);
        flow.tag += cost.applyAsInt(job);
        if (!flow.jobs.isEmpty()) {
            backlogged.add(flow);
        } else if (flow.tag <= virtualTime) {
            this.flows.remove(flow.key); // nothing owed: it would start at the virtual time anyway
        }
        size--;
        return job;
    }

    /** Charges a flow more (or less) than its job's cost, once the real cost of that job is known. */
    void charge(Object flowKey, long tokens) {
        Flow<J> flow = flows.get(flowKey);
        if (flow == null) {
            return; // idle with nothing owed, and dropped
        }
        boolean waiting = backlogged.remove(flow);
        flow.tag += tokens;
        if (waiting) {
            backlogged.add(flow);
        }
    }

    /** Removes every job, in no particular order. */
    void drain(Consumer<J> each) {
        for (Flow<J> flow : backlogged) {
            flow.jobs.forEach(each);
        }
        backlogged.clear();
        flows.clear();
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private Flow<J> first(Predicate<Object> keys) {
        for (Flow<J> flow : backlogged) {
            if (keys.test(flow.key)) {
                return flow;
            }
        }
        return null;
    }
}
