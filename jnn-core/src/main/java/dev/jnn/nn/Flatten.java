package dev.jnn.nn;

import dev.jnn.tensor.Tensor;

/**
 * Collapses every axis after the batch axis into one: {@code [N, d1, d2, …] → [N, d1·d2·…]}. A view when the input
 * is contiguous. No parameters.
 */
public final class Flatten extends Module {

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException("Flatten got a scalar: expected [batch, ...]");
        }
        return x.reshape(x.dim(0), -1);
    }

    @Override
    public String describe() {
        return "Flatten()";
    }
}
