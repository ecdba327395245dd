package dev.siren.server;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FairQueueTest {

    private record Job(String flow, int tokens) {
    }

    private final FairQueue<Job> queue = new FairQueue<>(Job::tokens);

    private void add(String flow, int count, int tokens) {
        for (int i = 0; i < count; i++) {
            queue.add(flow, new Job(flow, tokens));
        }
    }

    private Job next() {
        return queue.poll(flow -> true);
    }

    @Test
    void backloggedFlowsGetEqualTokensWhateverTheSizeOfTheirJobs() {
        add("big", 100, 100);
        add("small", 1000, 10);
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            Job job = next();
            served.merge(job.flow(), job.tokens(), Integer::sum);
        }
        int big = served.get("big");
        int small = served.get("small");
        assertTrue(Math.abs(big - small) <= 100, "big got " + big + " tokens, small " + small);
    }

    @Test
    void aFlowThatWasIdleGoesAheadOfAnotherFlowsBacklog() {
        add("A", 10, 100);
        next();
        next();
        add("B", 1, 1);
        assertEquals("B", next().flow());
        assertEquals("A", next().flow());
    }

    @Test
    void aChargeForTheRealCostDelaysTheFlowsNextTurn() {
        add("A", 5, 10);
        add("B", 5, 10);
        assertEquals("A", next().flow());
        queue.charge("A", 1000); // its job really cost 100 times the estimate
        for (int i = 0; i < 5; i++) {
            assertEquals("B", next().flow(), "B is served before A's next turn");
        }
        assertEquals("A", next().flow());
    }

    @Test
    void peekAndPollCanBeLimitedToSomeFlows() {
        add("session", 1, 1);
        add("texts", 2, 50);
        assertEquals("session", queue.peek(flow -> true).flow());
        assertEquals("texts", queue.poll(flow -> flow.equals("texts")).flow());
        assertEquals("texts", queue.poll(flow -> flow.equals("texts")).flow());
        assertNull(queue.poll(flow -> flow.equals("texts")));
        assertEquals("session", next().flow());
        assertTrue(queue.isEmpty());
    }
}
