package dev.jnn.bench;

import java.util.function.Supplier;

/**
 * One row of the end-to-end benchmark: a name shared with the peers' registries (bench/peers/torch_bench.py and the
 * DJL runner), the unit its throughput is reported in, the work one call does in that unit's numerator, and a setup
 * that allocates the inputs once and returns the body to time.
 *
 * @param name  the fixed workload name, e.g. {@code gemm-512}; the same on every side of the benchmark
 * @param unit  the throughput unit, higher is better, e.g. {@code GFLOP/s} or {@code images/s}
 * @param work  work per call of the body, in the unit's numerator (GFLOP for GFLOP/s, images for images/s)
 * @param setup allocates and fills inputs from a fixed seed, then returns the body one timed call runs
 */
public record Workload(String name, String unit, double work, Supplier<Runnable> setup) {

    public static final String GFLOPS = "GFLOP/s";

    public Workload {
        if (name == null || !name.matches("[a-z0-9][a-z0-9x.-]*")) {
            throw new IllegalArgumentException("workload name must be lower-case letters, digits, 'x', '.' and '-', got "
                    + name);
        }
        if (!(work > 0)) {
            throw new IllegalArgumentException("workload " + name + ": work per call must be > 0, got " + work);
        }
    }

    /** Whether the machine's FMA ceiling is a meaningful bound for this row (compute-bound float rows). */
    public boolean hasCeiling() {
        return GFLOPS.equals(unit);
    }
}
