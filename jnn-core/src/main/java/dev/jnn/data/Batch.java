package dev.jnn.data;

import dev.jnn.tensor.Tensor;

/**
 * One mini-batch: features {@code x} [B, ...], class {@code labels} (null when the data set has none), float
 * targets {@code y} [B, ...] (null when it has none), and the data set {@code indices} of its examples.
 */
public record Batch(Tensor x, int[] labels, Tensor y, int[] indices) {

    /** Number of examples in this batch. */
    public int size() {
        return indices.length;
    }
}
