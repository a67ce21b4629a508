package dev.jnn.bench;

/**
 * One merged line of the benchmark table. Missing values are NaN (an empty cell).
 *
 * @param workload shared workload name
 * @param unit     throughput unit, higher is better
 * @param jnn      jnn's median throughput
 * @param pytorch  PyTorch's best median over the environment settings tried
 * @param djl      DJL's best median over the environment settings tried
 * @param ceiling  the FMA ceiling in the same unit, NaN where it is not a meaningful bound
 */
public record Row(String workload, String unit, double jnn, PeerResult pytorch, PeerResult djl, double ceiling) {

    /** The faster peer on this row, NaN if neither ran. */
    public double bestPeer() {
        double p = pytorch.best();
        double d = djl.best();
        if (Double.isNaN(p)) {
            return d;
        }
        return Double.isNaN(d) ? p : Math.max(p, d);
    }

    /** jnn / best peer: above 1 means jnn is faster. */
    public double ratioVsBestPeer() {
        return jnn / bestPeer();
    }

    /** jnn / FMA ceiling: the share of the hardware's peak jnn reaches. */
    public double ratioVsCeiling() {
        return jnn / ceiling;
    }
}
