package dev.siren.engine.kernels;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    @Test
    void everyItemRunsExactlyOnceAcrossManySteps() {
        try (Parallel par = new Parallel(3)) {
            for (int step = 0; step < 2000; step++) {
                int count = 1 + step % 37;
                AtomicIntegerArray runs = new AtomicIntegerArray(count);
                par.forEach(count, (i, end) -> runs.incrementAndGet(i));
                for (int i = 0; i < count; i++) {
                    assertEquals(1, runs.get(i), "step " + step + ", item " + i);
                }
            }
        }
    }

    @Test
    void rangesCoverEveryIndexOnceOnAlignedBounds() {
        try (Parallel par = new Parallel(4)) {
            for (int count = 1; count < 300; count += 7) {
                AtomicIntegerArray runs = new AtomicIntegerArray(count);
                List<int[]> ranges = java.util.Collections.synchronizedList(new ArrayList<>());
                par.forRange(count, 8, (from, to) -> {
                    ranges.add(new int[] {from, to});
                    for (int i = from; i < to; i++) {
                        runs.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < count; i++) {
                    assertEquals(1, runs.get(i), "count " + count + ", index " + i);
                }
                for (int[] r : ranges) {
                    assertTrue(r[0] % 8 == 0 && (r[1] % 8 == 0 || r[1] == count), r[0] + ".." + r[1]);
                }
            }
        }
    }

    @Test
    void aFailingItemIsRethrownToTheCallerAfterTheOthersFinish() {
        try (Parallel par = new Parallel(2)) {
            IllegalStateException boom = new IllegalStateException("item 5");
            AtomicIntegerArray runs = new AtomicIntegerArray(64);
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> par.forEach(64, (i, end) -> {
                runs.incrementAndGet(i);
                if (i == 5) {
                    throw boom;
                }
            }));
            assertSame(boom, thrown);
            // the pool still works afterwards
            AtomicIntegerArray again = new AtomicIntegerArray(10);
            par.forEach(10, (i, end) -> again.incrementAndGet(i));
            for (int i = 0; i < 10; i++) {
                assertEquals(1, again.get(i));
            }
        }
    }

    @Test
    void concurrentCallersEachGetAllTheirItems() throws Exception {
        try (Parallel par = new Parallel(2)) {
            int callers = 4;
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int step = 0; step < 500; step++) {
                            AtomicIntegerArray runs = new AtomicIntegerArray(16);
                            par.forEach(16, (i, end) -> runs.incrementAndGet(i));
                            for (int i = 0; i < 16; i++) {
                                assertEquals(1, runs.get(i));
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(60_000);
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        }
    }

    @Test
    void aStepStartedInsideAStepRunsOnItsOwnThread() {
        try (Parallel par = new Parallel(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(4 * 8);
            par.forEach(4, (outer, end) -> par.forEach(8, (inner, e) -> runs.incrementAndGet(outer * 8 + inner)));
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "item " + i);
            }
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForTheWorkersAndKeepsItsInterrupt() {
        try (Parallel par = new Parallel(2)) {
            AtomicIntegerArray done = new AtomicIntegerArray(2);
            Thread.currentThread().interrupt();
            par.forRange(2, 1, (from, to) -> {
                if (from == 1) { // the worker's part: finishes well after the caller's
                    sleep(200);
                }
                done.incrementAndGet(from);
            });
            assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
            assertEquals(1, done.get(0));
            assertEquals(1, done.get(1), "the caller returned before the worker's part ended");
        }
    }

    @Test
    void aClosedParallelRefusesWork() {
        Parallel par = new Parallel(2);
        par.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> par.forEach(4, (i, end) -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError("the worker thread was interrupted", e);
        }
    }
}
