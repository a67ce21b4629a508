package dev.jnn.nn;

/**
 * Avg pooling over {@code [N, C, L]} windows; see {@link Pooling} for stride, padding and ceil mode.
 */
public final class AvgPool1d extends Pooling {

    /** Stride equal to the kernel. */
    public AvgPool1d(int kernel) {
        this(kernel, kernel);
    }

    public AvgPool1d(int kernel, int stride) {
        super(false, false, 1, kernel, 1, stride);
    }
}
