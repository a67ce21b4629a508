package dev.jnn.nn;

import dev.jnn.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation, as every framework computes it): input {@code [N, in, H, W]}, output
 * {@code [N, out, H', W']} with {@code H' = ⌊(H + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1} (same for W).
 * <ul>
 *   <li>{@code weight} {@code [out, in/groups, k, k]}, default initializer <b>Glorot uniform</b> (Keras' default),
 *       U(−r, r) with {@code r = √(6/(fanIn + fanOut))}, fanIn = (in/groups)·k², fanOut = out·k².</li>
 *   <li>{@code bias} {@code [out]}, default initializer <b>zeros</b>.</li>
 * </ul>
 * <pre>{@code
 * new Conv2d(1, 6, 5).padding(2)      // LeNet-5's first layer
 * new Conv2d(64, 3).paddingSame()     // input channels read from the first input
 * }</pre>
 * Square kernels only; stride, padding and dilation are the same on both axes.
 */
public final class Conv2d extends Conv {

    /** {@code in → out} channels with a {@code kernel × kernel} window. */
    public Conv2d(int in, int out, int kernel) {
        super(2, checkIn(in), out, kernel);
    }

    /** A lazy layer: input channels read from the first input. */
    public Conv2d(int out, int kernel) {
        super(2, 0, out, kernel);
    }

    static int checkIn(int in) {
        if (in < 1) {
            throw new IllegalArgumentException("Conv: input channels must be >= 1, got " + in);
        }
        return in;
    }

    @Override
    Tensor apply(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation, int groups) {
        return x.conv2d(w, b, stride, padding, dilation, groups);
    }
}
