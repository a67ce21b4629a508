package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {

    private final int defaultThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(defaultThreads);
    }

    @Test
    void everyChunkRunsExactlyOnceWhateverTheCount() {
        Parallel.setThreads(3);
        for (int chunks : new int[] {1, 2, 3, 7, 64, 1000}) {
            var runs = new AtomicIntegerArray(chunks);
            for (int round = 0; round < 50; round++) {
                Parallel.forChunks(chunks, runs::incrementAndGet);
            }
            for (int c = 0; c < chunks; c++) {
                assertEquals(50, runs.get(c), "chunk " + c + " of " + chunks);
            }
        }
    }

    @Test
    void forRangeCoversTheRangeWithTheFixedPartition() {
        Parallel.setThreads(2);
        int n = 100_003;
        var hits = new AtomicIntegerArray(n);
        Set<Integer> starts = ConcurrentHashMap.newKeySet();
        Parallel.forRange(n, 1000, (from, to) -> {
            starts.add(from);
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
        assertEquals(Set.of(0, Parallel.chunkStart(n, 2, 1)), starts);
    }

    @Test
    void aFailureInAnyChunkReachesTheCallerAndThePoolStaysUsable() {
        Parallel.setThreads(2);
        var boom = new IllegalStateException("chunk 5 failed");
        for (int round = 0; round < 20; round++) {
            var thrown = assertThrows(IllegalStateException.class, () -> Parallel.forChunks(8, c -> {
                if (c == 5) {
                    throw boom;
                }
            }));
            assertSame(boom, thrown);
        }
        var runs = new AtomicIntegerArray(8);
        Parallel.forChunks(8, runs::incrementAndGet);
        for (int c = 0; c < 8; c++) {
            assertEquals(1, runs.get(c));
        }
    }

    @Test
    void aLoopInsideAChunkRunsOnItsCallerAndCompletes() {
        Parallel.setThreads(2);
        var inner = new AtomicIntegerArray(4 * 6);
        Parallel.forChunks(4, outer -> {
            String thread = Thread.currentThread().getName();
            Parallel.forChunks(6, c -> {
                assertEquals(thread, Thread.currentThread().getName(), "nested chunk left its caller's thread");
                inner.incrementAndGet(outer * 6 + c);
            });
        });
        for (int i = 0; i < inner.length(); i++) {
            assertEquals(1, inner.get(i));
        }
    }

    @Test
    void twoUserThreadsCanRunLoopsAtTheSameTime() throws InterruptedException {
        Parallel.setThreads(2);
        long[] sums = new long[2];
        Thread[] users = new Thread[2];
        for (int u = 0; u < 2; u++) {
            int user = u;
            users[u] = Thread.ofPlatform().start(() -> {
                for (int round = 0; round < 200; round++) {
                    var parts = new long[16];
                    Parallel.forChunks(16, c -> parts[c] = c + 1L);
                    long s = 0;
                    for (long p : parts) {
                        s += p;
                    }
                    sums[user] += s;
                }
            });
        }
        for (Thread t : users) {
            t.join();
        }
        assertEquals(200L * 136, sums[0]);
        assertEquals(200L * 136, sums[1]);
    }

    @Test
    void oneThreadRunsEverythingOnTheCaller() {
        Parallel.setThreads(1);
        Thread caller = Thread.currentThread();
        Parallel.forChunks(5, c -> assertSame(caller, Thread.currentThread()));
    }

    @Test
    void idleWorkersStopSpinningAndPark() throws InterruptedException {
        Parallel.setThreads(2);
        Parallel.forChunks(4, c -> { });
        Thread.sleep(20 + WorkerPool.SPIN_NANOS / 1_000_000 * 5);
        var workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("jnn-worker-") && t.isAlive()).toList();
        assertTrue(!workers.isEmpty(), "no worker thread found");
        for (Thread w : workers) {
            assertEquals(Thread.State.WAITING, w.getState(), w.getName() + " still busy while idle");
        }
    }
}
