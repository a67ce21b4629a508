package dev.jnn.bench;

/**
 * One merged line of the benchmark table. Missing values are NaN (an empty cell).
 *
 * @param workload shared workload name
 * @param unit     throughput unit (higher is better), or {@link Workload#PEAK_RSS} (lower is better)
 * @param jnn      jnn's median throughput
 * @param pytorch  PyTorch's best median (lowest peak memory) over the environment settings tried
 * @param djl      DJL's best median over the environment settings tried
 * @param ceiling  the FMA ceiling in the same unit, NaN where it is not a meaningful bound
 */
public record Row(String workload, String unit, double jnn, PeerResult pytorch, PeerResult djl, double ceiling) {

    /** The better peer on this row (faster; for peak memory, smaller), NaN if neither ran. */
    public double bestPeer() {
        double p = pytorch.best();
        double d = djl.best();
        if (Double.isNaN(p)) {
            return d;
        }
        if (Double.isNaN(d)) {
            return p;
        }
        return Workload.lowerIsBetter(unit) ? Math.min(p, d) : Math.max(p, d);
    }

    /**
     * Above 1 means jnn is better: jnn / best peer for throughput, best peer / jnn for peak memory
     * ({@link Workload#lowerIsBetter}).
     */
    public double ratioVsBestPeer() {
        return Workload.lowerIsBetter(unit) ? bestPeer() / jnn : jnn / bestPeer();
    }

    /** jnn / FMA ceiling: the share of the hardware's peak jnn reaches. */
    public double ratioVsCeiling() {
        return jnn / ceiling;
    }
}
