package dev.jnn.nn;

/**
 * Max pooling over {@code [N, C, H, W]} windows; see {@link Pooling} for stride, padding and ceil mode.
 * {@code new MaxPool2d(2)}: 2×2 windows, stride 2; {@code new MaxPool2d(3, 2)}: 3×3 windows, stride 2.
 */
public final class MaxPool2d extends Pooling {

    /** Square windows, stride equal to the kernel. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernel, int stride) {
        super(true, true, kernel, kernel, stride, stride);
    }

    /** Rectangular windows and strides. */
    public MaxPool2d(int kernelH, int kernelW, int strideH, int strideW) {
        super(true, true, kernelH, kernelW, strideH, strideW);
    }
}
