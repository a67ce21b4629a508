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

    /**
     * The unit of the {@code WORKLOAD-peak-rss} rows: the peak resident set (the kernel's {@code VmHWM}) of a process
     * that ran that one workload, in MiB. The only unit where lower is better; the report turns its ratio around
     * (best peer / jnn) so that above 1 means jnn is better on every row.
     */
    public static final String PEAK_RSS = "MiB RSS";

    /** The suffix of the peak-RSS rows' names: {@code mlp-train-b64-peak-rss}. */
    public static final String PEAK_RSS_SUFFIX = "-peak-rss";

    public Workload {
        if (name == null || !name.matches("[a-z0-9][a-z0-9x.-]*")) {
            throw new IllegalArgumentException("workload name must be lower-case letters, digits, 'x', '.' and '-', got "
                    + name);
        }
        if (!(work > 0)) {
            throw new IllegalArgumentException("workload " + name + ": work per call must be > 0, got " + work);
        }
    }

    /** Whether smaller figures are better in {@code unit} (only {@link #PEAK_RSS}). */
    public static boolean lowerIsBetter(String unit) {
        return PEAK_RSS.equals(unit);
    }

    /** Whether the machine's FMA ceiling is a meaningful bound for this row (compute-bound float rows). */
    public boolean hasCeiling() {
        return GFLOPS.equals(unit);
    }
}
