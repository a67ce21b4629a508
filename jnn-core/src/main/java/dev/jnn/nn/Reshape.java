package dev.jnn.nn;

import dev.jnn.tensor.Tensor;
import java.util.Arrays;

/**
 * Reshapes each example, keeping the batch axis: {@code [N, …] → [N, dims…]}; one of {@code dims} may be −1
 * (inferred). No parameters.
 */
public final class Reshape extends Module {

    private final int[] dims;

    /** Target shape of one example, without the batch axis, e.g. {@code new Reshape(1, 28, 28)}. */
    public Reshape(int... dims) {
        this.dims = dims.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] full = new int[dims.length + 1];
        full[0] = x.dim(0);
        System.arraycopy(dims, 0, full, 1, dims.length);
        try {
            return x.reshape(full);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "Reshape(" + Arrays.toString(dims) + ")";
    }
}
