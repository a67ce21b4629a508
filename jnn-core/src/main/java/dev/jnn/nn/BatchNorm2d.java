package dev.jnn.nn;

/**
 * Batch normalization of images {@code [N, C, H, W]}, per channel C (statistics over N, H and W). See {@link
 * BatchNorm} for the formulas, defaults (momentum 0.1, ε 1e-5) and initializers (γ ones, β zeros).
 */
public final class BatchNorm2d extends BatchNorm {

    /** Channels read from the first input. */
    public BatchNorm2d() {
        super(0);
    }

    public BatchNorm2d(int channels) {
        super(BatchNorm1d.checked(channels));
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 4;
    }

    @Override
    String layouts() {
        return "[N, C, H, W]; flatten-free features [N, C] go to BatchNorm1d";
    }
}
