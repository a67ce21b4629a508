package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    private static final long NEVER_PARK = 60_000_000_000L;

    @Test
    void anIdleWorkerYieldsTheProcessorOnceItHasSpunAWhile() throws InterruptedException {
        var yields = new AtomicInteger();
        var pool = new WorkerPool(1, NEVER_PARK, 20_000L, yields::incrementAndGet);
        try {
            var runs = new AtomicInteger();
            assertTrue(pool.tryRun(4, c -> runs.incrementAndGet()));
            assertEquals(4, runs.get());
            // The worker now spins for the next loop; on a core it shares with the caller, only a yield lets the
            // caller run. Wait generously: a busy machine may leave the worker unscheduled for a while.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (yields.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(yields.get() > 0, "an idle spinning worker never yielded the processor");
            // And it still takes the next loop.
            assertTrue(pool.tryRun(3, c -> runs.incrementAndGet()));
            assertEquals(7, runs.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aWorkerDoesNotYieldBeforeItsThreshold() throws InterruptedException {
        var yields = new AtomicInteger();
        var pool = new WorkerPool(1, NEVER_PARK, NEVER_PARK, yields::incrementAndGet);
        try {
            for (int loop = 0; loop < 100; loop++) {
                assertTrue(pool.tryRun(2, c -> { }));
            }
            Thread.sleep(50);
            assertEquals(0, yields.get(), "yielded within its threshold");
        } finally {
            pool.shutdown();
        }
    }
}
