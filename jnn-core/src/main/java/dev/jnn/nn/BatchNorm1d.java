package dev.jnn.nn;

/**
 * Batch normalization of features {@code [N, C]} or sequences {@code [N, C, L]}, per channel C. See {@link BatchNorm}
 * for the formulas, defaults (momentum 0.1, ε 1e-5) and initializers (γ ones, β zeros).
 */
public final class BatchNorm1d extends BatchNorm {

    /** Channels read from the first input. */
    public BatchNorm1d() {
        super(0);
    }

    public BatchNorm1d(int channels) {
        super(checked(channels));
    }

    static int checked(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("BatchNorm: channels must be >= 1, got " + channels);
        }
        return channels;
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }

    @Override
    String layouts() {
        return "[N, C] or [N, C, L]";
    }
}
