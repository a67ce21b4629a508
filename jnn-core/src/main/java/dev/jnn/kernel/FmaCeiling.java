package dev.jnn.kernel;

import java.util.concurrent.atomic.DoubleAdder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the machine's single-precision FMA ceiling as this JVM sees it: independent {@link FloatVector#fma}
 * chains whose operands never leave the registers, so the loop is bound by the FMA units alone. Kernel benchmarks
 * report their GFLOP/s as a share of this figure, measured in the same run, which makes results comparable across
 * machines and robust to clock changes.
 *
 * <p>Ten independent accumulators cover the FMA latency (4 cycles) times two FMA pipes on current x86 cores while
 * fitting in the 16 vector registers of AVX2 (32 on AVX-512).
 */
public final class FmaCeiling {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 10;
    private static final int INNER = 1 << 16;
    private static final double INTERPRETED_BELOW_GFLOPS = 2.0;

    private FmaCeiling() {}

    /**
     * Returns the summed best GFLOP/s (one FMA counts as two flops) of {@code threads} threads each running
     * register-resident FMA chains for at least {@code millis} milliseconds (see {@link #runOneThread}).
     */
    public static double measureGflops(int threads, long millis) {
        if (threads < 1 || millis < 1) {
            throw new IllegalArgumentException("FmaCeiling.measureGflops needs threads >= 1 and millis >= 1, got "
                    + threads + " and " + millis);
        }
        DoubleAdder total = new DoubleAdder();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> total.add(runOneThread(millis)), "jnn-fma-ceiling-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("FmaCeiling.measureGflops was interrupted", e);
            }
        }
        return total.sum();
    }

    /**
     * Best GFLOP/s of one thread over short slices. It runs at least {@code millis} and goes on, up to ten times as
     * long, until the best is clearly compiled code and has not improved for half that time: on a busy machine the
     * JIT may take seconds to compile the loop, and a figure taken before that would measure the interpreter.
     */
    private static double runOneThread(long millis) {
        long start = System.nanoTime();
        long minEnd = start + millis * 1_000_000L;
        long maxEnd = start + millis * 10_000_000L;
        long settle = millis * 500_000L;
        long lastGain = start;
        double best = 0;
        float sink = 0;
        while (true) {
            long t0 = System.nanoTime();
            sink += chains(INNER);
            long t1 = System.nanoTime();
            double rate = 2.0 * CHAINS * F.length() * INNER / (t1 - t0);
            if (rate > best * 1.02) {
                lastGain = t1;
            }
            best = Math.max(best, rate);
            // Interpreted or C1-compiled vector code runs these chains well below 2 GFLOP/s, compiled code at tens:
            // a low best means the JIT has not delivered yet, however stable it looks.
            boolean compiled = best >= INTERPRETED_BELOW_GFLOPS;
            if (t1 >= maxEnd || (t1 >= minEnd && compiled && t1 - lastGain >= settle)) {
                break;
            }
        }
        // The sink is always finite; the test keeps the JIT from discarding the loop as dead code.
        if (Float.isNaN(sink)) {
            throw new IllegalStateException("FMA chains diverged");
        }
        return best;
    }

    /** {@code iterations} rounds of {@link #CHAINS} independent acc = acc·m + add; converges to 1, never overflows. */
    private static float chains(int iterations) {
        FloatVector m = FloatVector.broadcast(F, 0.999f);
        FloatVector add = FloatVector.broadcast(F, 0.001f);
        FloatVector c0 = FloatVector.broadcast(F, 0.1f);
        FloatVector c1 = FloatVector.broadcast(F, 0.2f);
        FloatVector c2 = FloatVector.broadcast(F, 0.3f);
        FloatVector c3 = FloatVector.broadcast(F, 0.4f);
        FloatVector c4 = FloatVector.broadcast(F, 0.5f);
        FloatVector c5 = FloatVector.broadcast(F, 0.6f);
        FloatVector c6 = FloatVector.broadcast(F, 0.7f);
        FloatVector c7 = FloatVector.broadcast(F, 0.8f);
        FloatVector c8 = FloatVector.broadcast(F, 0.9f);
        FloatVector c9 = FloatVector.broadcast(F, 1.1f);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(m, add);
            c1 = c1.fma(m, add);
            c2 = c2.fma(m, add);
            c3 = c3.fma(m, add);
            c4 = c4.fma(m, add);
            c5 = c5.fma(m, add);
            c6 = c6.fma(m, add);
            c7 = c7.fma(m, add);
            c8 = c8.fma(m, add);
            c9 = c9.fma(m, add);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).reduceLanes(
                jdk.incubator.vector.VectorOperators.ADD);
    }
}
