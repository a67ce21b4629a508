package dev.jnn.data;

import dev.jnn.tensor.Tensor;

/**
 * One example: the features {@code x} and its class {@code label} (-1 when the data set has no class labels) and/or
 * its float {@code target} (null when it has none).
 */
public record Example(Tensor x, int label, Tensor target) {

    public static Example classified(Tensor x, int label) {
        return new Example(x, label, null);
    }

    public static Example regression(Tensor x, Tensor target) {
        return new Example(x, -1, target);
    }
}
