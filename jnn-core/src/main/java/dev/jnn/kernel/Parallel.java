package dev.jnn.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

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
    private static volatile ForkJoinPool pool;

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
            ForkJoinPool old = pool;
            pool = null;
            threads = n;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(Math.max(1, threads - 1), daemonFactory(), null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    private static ForkJoinPool.ForkJoinWorkerThreadFactory daemonFactory() {
        return p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setDaemon(true);
            t.setName("jnn-worker-" + t.getPoolIndex());
            return t;
        };
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
        if (chunks == 1 || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        forChunks(chunks, c -> body.run(chunkStart(n, chunks, c), chunkStart(n, chunks, c + 1)));
    }

    /** Runs {@code body.run(c)} for every chunk index {@code c} in {@code [0, chunks)}, in parallel. */
    public static void forChunks(int chunks, java.util.function.IntConsumer body) {
        if (chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
            for (int c = 0; c < chunks; c++) {
                body.accept(c);
            }
            return;
        }
        ForkJoinPool p = pool();
        @SuppressWarnings("unchecked")
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            final int chunk = c;
            tasks[c - 1] = p.submit(() -> body.accept(chunk));
        }
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (Throwable t) {
            failure = t;
        }
        for (ForkJoinTask<?> t : tasks) {
            try {
                t.join();
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** First index of chunk {@code c} when {@code n} items are split into {@code chunks} near-equal parts. */
    public static int chunkStart(int n, int chunks, int c) {
        return (int) ((long) n * c / chunks);
    }
}
