package dev.jnn.nn;

import dev.jnn.tensor.Tensor;

/**
 * 1-D convolution: input {@code [N, in, L]}, output {@code [N, out, L']} with
 * {@code L' = ⌊(L + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1}.
 * <ul>
 *   <li>{@code weight} {@code [out, in/groups, k]}, default initializer <b>Glorot uniform</b> (Keras' default),
 *       fanIn = (in/groups)·k, fanOut = out·k.</li>
 *   <li>{@code bias} {@code [out]}, default initializer <b>zeros</b>.</li>
 * </ul>
 */
public final class Conv1d extends Conv {

    public Conv1d(int in, int out, int kernel) {
        super(1, Conv2d.checkIn(in), out, kernel);
    }

    /** A lazy layer: input channels read from the first input. */
    public Conv1d(int out, int kernel) {
        super(1, 0, out, kernel);
    }

    @Override
    Tensor apply(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation, int groups) {
        return x.conv1d(w, b, stride, padding, dilation, groups);
    }
}
