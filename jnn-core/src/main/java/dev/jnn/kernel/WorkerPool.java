package dev.jnn.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads behind {@link Parallel}: a fixed set of daemon threads that run the chunks of one parallel loop
 * at a time together with the calling thread.
 *
 * <p>Why not a {@code ForkJoinPool}: deep-learning steps issue hundreds of short parallel loops back to back, and a
 * pool whose idle workers sleep pays the operating system's wake-up latency on every loop. On the project machine
 * (a VM) that was ~140 µs per loop, ten times the whole work of a 100,000-element elementwise kernel, so a second
 * thread made such kernels 10× slower. Here an idle worker first spins for {@link #SPIN_NANOS} (the gap between two
 * kernels of a step is usually shorter), and only then parks.
 *
 * <p>Chunks are claimed from a shared counter, so whichever thread is free takes the next one; which thread runs a
 * chunk never changes what the chunk computes, so results stay bit-identical. One loop runs at a time: a loop
 * started while another is running (from inside a chunk, or from a second user thread) runs on its caller alone.
 */
final class WorkerPool {

    /**
     * How long an idle worker spins before parking; {@code -Djnn.parallel.spinMicros=N} overrides the 1 ms. A training
     * step has serial stretches longer than 100 µs between its parallel loops (zeroing a new 8 MB activation, the
     * autograd bookkeeping, small serial reductions); with 100 µs the worker parked in them and the next loop paid the
     * wake-up: ResNet-20 training ran 3-10 % faster with 1 ms (old and new interleaved in one JVM). OpenMP runtimes
     * spin for similar or longer times by default.
     */
    static final long SPIN_NANOS = 1000L * Long.getLong("jnn.parallel.spinMicros", 1000L);

    /** One parallel loop: immutable body and size, its own counters, so a late worker can never mix two loops. */
    private static final class Job {
        final IntConsumer body;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(IntConsumer body, int chunks) {
            this.body = body;
            this.chunks = chunks;
        }

        /** Claims and runs chunks until none are left; returns when this thread has no more to do. */
        void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    body.accept(c);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                }
                done.incrementAndGet();
            }
        }
    }

    private final Thread[] workers;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Job current;
    private volatile boolean shutdown;
    /** Per worker: whether it is parked (or about to park) and must be unparked to see a new job. */
    private final AtomicBoolean[] parked;

    WorkerPool(int workerCount) {
        workers = new Thread[workerCount];
        parked = new AtomicBoolean[workerCount];
        for (int w = 0; w < workerCount; w++) {
            int index = w;
            parked[w] = new AtomicBoolean();
            workers[w] = Thread.ofPlatform().daemon().name("jnn-worker-" + w).unstarted(() -> workLoop(index));
            workers[w].start();
        }
    }

    /**
     * Runs {@code body} for every chunk in {@code [0, chunks)} on the workers and the calling thread, and returns when
     * all are done, rethrowing the first failure. Returns {@code false}, having run nothing, when another loop is
     * running: the caller then runs the chunks itself.
     */
    boolean tryRun(int chunks, IntConsumer body) {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        Job job = new Job(body, chunks);
        try {
            current = job;
            for (int w = 0; w < workers.length; w++) {
                if (parked[w].get()) {
                    LockSupport.unpark(workers[w]);
                }
            }
            job.work();
            awaitAll(job);
        } finally {
            running.set(false);
        }
        rethrow(job.failure);
        return true;
    }

    /** Waits for the chunks other threads claimed; they are short, so spin, yielding now and then. */
    private static void awaitAll(Job job) {
        for (int spins = 0; job.done.get() < job.chunks; spins++) {
            if ((spins & 1023) == 1023) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void workLoop(int index) {
        Job last = null;
        while (!shutdown) {
            Job job = awaitJob(index, last);
            if (job != null) {
                job.work();
                last = job;
            }
        }
    }

    /** Spins for a new job for up to {@link #SPIN_NANOS}, then parks until {@link #tryRun} unparks it. */
    private Job awaitJob(int index, Job last) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (true) {
            Job job = current;
            if (job != last || shutdown) {
                return job == last ? null : job;
            }
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
                continue;
            }
            // Announce the park before the last look at `current`: tryRun publishes `current` before it reads
            // `parked`, so either it sees this flag and unparks, or this thread sees its job.
            parked[index].set(true);
            if (current == last && !shutdown) {
                LockSupport.park(this);
            }
            parked[index].set(false);
            spinUntil = System.nanoTime() + SPIN_NANOS;
        }
    }

    /** Lets the workers finish their current chunk and exit. */
    void shutdown() {
        shutdown = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
