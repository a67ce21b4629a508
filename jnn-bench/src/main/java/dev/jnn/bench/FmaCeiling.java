package dev.jnn.bench;

import dev.jnn.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's fused-multiply-add ceiling in GFLOP/s: every thread runs a loop of independent {@code FloatVector.fma}
 * chains that live in registers and touch no memory, so the only limit is how many FMAs the cores retire per cycle.
 * Enough independent chains hide the FMA latency (latency × pipes ≈ 8 on current x86 cores; 12 leaves headroom
 * without spilling the 16 AVX2 registers). A GEMM or convolution row divided by this number is the share of the
 * hardware's peak it reaches.
 */
public final class FmaCeiling {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;

    /** Written with every result so the JIT cannot drop the loop as dead code. */
    private static volatile float sink;

    private FmaCeiling() {}

    /** Flops one call of {@link #run} performs on each thread for {@code iterations}. */
    static double flopsPerThread(long iterations) {
        return 2.0 * F.length() * CHAINS * iterations;
    }

    /** Runs {@code iterations} rounds of {@value #CHAINS} FMA chains on each of {@link Parallel#threads()} threads. */
    static void run(long iterations) {
        int threads = Parallel.threads();
        float[] out = new float[threads];
        Parallel.forChunks(threads, t -> out[t] = chains(iterations, 1f + t));
        float s = 0;
        for (float v : out) {
            s += v;
        }
        sink = s;
    }

    /** The ceiling in GFLOP/s on {@link Parallel#threads()} threads, measured with {@code measure}. */
    public static double gflops(Measure measure) {
        return gflops(measure, 100_000);
    }

    /** As {@link #gflops(Measure)} with {@code iterations} rounds per timed call. */
    static double gflops(Measure measure, long iterations) {
        double seconds = measure.secondsPerCall(() -> run(iterations));
        return flopsPerThread(iterations) * Parallel.threads() / seconds / 1e9;
    }

    // acc = acc·m + c with m just under 1 converges to c / (1 − m): values stay finite and normal for any count.
    private static float chains(long iterations, float seed) {
        FloatVector m = FloatVector.broadcast(F, 0.9999f);
        FloatVector c = FloatVector.broadcast(F, 1e-4f);
        FloatVector a0 = FloatVector.broadcast(F, seed), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
