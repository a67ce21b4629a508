package dev.jnn.nn.init;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Every element set to {@code value}; {@code Initializer.zeros()} is {@code Constant(0)}. Uses no randomness. */
public record Constant(double value) implements Initializer {

    public Constant {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Constant initializer: value must be finite, got " + value);
        }
    }

    @Override
    public void fill(float[] w, int off, int n, Fans fans, RandomGenerator rng) {
        Arrays.fill(w, off, off + n, (float) value);
    }
}
