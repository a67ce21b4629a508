package dev.jnn.nn;

/**
 * Named padding modes of convolutions, with Keras' (TensorFlow's) meaning:
 * <ul>
 *   <li>{@code VALID}: no padding; the kernel only visits positions where it fits wholly.</li>
 *   <li>{@code SAME}: the output has {@code ceil(in / stride)} positions per axis; the zeros needed,
 *       {@code max((out − 1)·stride + dilation·(k − 1) + 1 − in, 0)}, are split with the odd one at the end (bottom
 *       or right). With stride 1 and an odd kernel this is the symmetric {@code dilation·(k − 1)/2}.</li>
 * </ul>
 * Explicit numbers (PyTorch's style) are given to the layers directly, e.g. {@code conv.padding(2)}.
 */
public enum Padding {
    SAME, VALID;

    /** Zeros before and after along one axis for this mode. */
    int[] amounts(int in, int kernel, int stride, int dilation) {
        if (this == VALID) {
            return new int[] {0, 0};
        }
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + dilation * (kernel - 1) + 1 - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** {@code floor((in + before + after − dilation·(k − 1) − 1) / stride) + 1}, or 0 when the kernel does not fit. */
    static int outSize(int in, int before, int after, int kernel, int stride, int dilation) {
        long avail = (long) in + before + after - (long) dilation * (kernel - 1) - 1;
        return avail < 0 ? 0 : (int) (avail / stride + 1);
    }
}
