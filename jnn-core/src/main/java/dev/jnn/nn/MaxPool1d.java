package dev.jnn.nn;

/**
 * Max pooling over {@code [N, C, L]} windows; see {@link Pooling} for stride, padding and ceil mode.
 */
public final class MaxPool1d extends Pooling {

    /** Stride equal to the kernel. */
    public MaxPool1d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool1d(int kernel, int stride) {
        super(true, false, 1, kernel, 1, stride);
    }
}
