package dev.jnn.kernel;

import java.util.function.IntConsumer;

/**
 * The one explicit thread pool of jnn and a small parallel-for on top of it.
 *
 * <p>Work is split into at most {@link #threads()} contiguous chunks. The split depends only on the range length, the
 * grain and the thread count, so the same thread count always gives the same partition, and kernels that reduce
 * per chunk give bit-identical results run after run.
 */
public final class Parallel {

    /** The body of a parallel loop: processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile WorkerPool pool;

    private Parallel() {}

    /** Number of threads kernels use (default: available processors). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use; 1 runs everything on the calling thread. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        }
        if (n != threads) {
            WorkerPool old = pool;
            pool = null;
            threads = n;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    /** The workers for the current thread count, started on first use; {@code null} with one thread. */
    private static WorkerPool pool() {
        WorkerPool p = pool;
        if (p == null && threads > 1) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null && threads > 1) {
                    p = new WorkerPool(threads - 1);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Number of chunks {@link #forRange} will use for a range of {@code n} with the given minimum chunk size. */
    public static int chunks(int n, int grain) {
        if (n <= 0) {
            return 0;
        }
        int byGrain = (int) Math.max(1, (n + (long) Math.max(1, grain) - 1) / Math.max(1, grain));
        return Math.min(threads, byGrain);
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks of at least {@code grain} indices, one per
     * thread at most. The calling thread processes the first chunk itself.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = chunks(n, grain);
        if (chunks == 0) {
            return;
        }
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        forChunks(chunks, c -> body.run(chunkStart(n, chunks, c), chunkStart(n, chunks, c + 1)));
    }

    /** Runs {@code body.accept(c)} for every chunk index {@code c} in {@code [0, chunks)}, in parallel. */
    public static void forChunks(int chunks, IntConsumer body) {
        WorkerPool p = chunks > 1 ? pool() : null;
        if (p == null || !p.tryRun(chunks, body)) {
            for (int c = 0; c < chunks; c++) {
                body.accept(c);
            }
        }
    }

    /** First index of chunk {@code c} when {@code n} items are split into {@code chunks} near-equal parts. */
    public static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }
}
