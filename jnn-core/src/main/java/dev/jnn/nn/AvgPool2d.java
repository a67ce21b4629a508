package dev.jnn.nn;

/**
 * Avg pooling over {@code [N, C, H, W]} windows; see {@link Pooling} for stride, padding and ceil mode.
 * {@code new AvgPool2d(2)}: 2×2 windows, stride 2; {@code new AvgPool2d(3, 2)}: 3×3 windows, stride 2.
 */
public final class AvgPool2d extends Pooling {

    /** Square windows, stride equal to the kernel. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    public AvgPool2d(int kernel, int stride) {
        super(false, true, kernel, kernel, stride, stride);
    }

    /** Rectangular windows and strides. */
    public AvgPool2d(int kernelH, int kernelW, int strideH, int strideW) {
        super(false, true, kernelH, kernelW, strideH, strideW);
    }
}
