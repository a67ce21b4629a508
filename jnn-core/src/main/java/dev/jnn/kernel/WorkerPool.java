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
 * <p>A spinning worker that has waited longer than {@link #YIELD_AFTER_NANOS} also yields the processor every 64 spins:
 * where the operating system has put it on the same core as the thread that will hand it the next loop (the other core
 * taken by another program, {@code taskset}, more threads than cores), a worker that only spins holds that core until
 * the scheduler preempts it, while the caller waits to run. Pinned to one core with {@code taskset -c 0}, two threads
 * then trained the MLP at 47-56k images/s against 116k for one thread; yielding made it 105-111k (LeNet-5 10-12k →
 * 21-22k, ResNet-20 363-383 → 451-465, GEMM 64×784×300 88-94 → 152 GFLOP/s; BENCHMARKS.md). Yielding from the first
 * spin instead measured 0.94-1.01× on that small GEMM on two free cores (a system call in the worker's way when the
 * next loop comes); yielding only after 20 µs measured level there, since back-to-back loops reach the worker sooner.
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
    /** How long an idle worker spins before it starts yielding the processor now and then (see the class comment). */
    static final long YIELD_AFTER_NANOS = 20_000L;

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
    private final long spinNanos;
    private final long yieldAfterNanos;
    private final Runnable yieldProcessor;

    WorkerPool(int workerCount) {
        this(workerCount, SPIN_NANOS, YIELD_AFTER_NANOS, Thread::yield);
    }

    /** A pool whose idle workers spin and yield as given: tests observe the yields through {@code yieldProcessor}. */
    WorkerPool(int workerCount, long spinNanos, long yieldAfterNanos, Runnable yieldProcessor) {
        this.spinNanos = spinNanos;
        this.yieldAfterNanos = yieldAfterNanos;
        this.yieldProcessor = yieldProcessor;
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

    /**
     * Spins for a new job for up to {@code spinNanos}, yielding every 64 spins after {@code yieldAfterNanos} (by
     * default {@link #SPIN_NANOS} and {@link #YIELD_AFTER_NANOS}), then parks until {@link #tryRun} unparks it.
     */
    private Job awaitJob(int index, Job last) {
        long spinStart = System.nanoTime();
        for (int spins = 1; ; spins++) {
            Job job = current;
            if (job != last || shutdown) {
                return job == last ? null : job;
            }
            long now = System.nanoTime();
            if (now - spinStart < spinNanos) {
                if ((spins & 63) == 0 && now - spinStart > yieldAfterNanos) {
                    yieldProcessor.run();
                } else {
                    Thread.onSpinWait();
                }
                continue;
            }
            // Announce the park before the last look at `current`: tryRun publishes `current` before it reads
            // `parked`, so either it sees this flag and unparks, or this thread sees its job.
            parked[index].set(true);
            if (current == last && !shutdown) {
                LockSupport.park(this);
            }
            parked[index].set(false);
            spinStart = System.nanoTime();
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
