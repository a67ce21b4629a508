package dev.jnn.nn.init;

import java.util.random.RandomGenerator;

/** Independent draws from U(a, b): every value lies in {@code [a, b)} (in float, at most {@code b}). */
public record RandomUniform(double a, double b) implements Initializer {

    public RandomUniform {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !(a < b)) {
            throw new IllegalArgumentException("RandomUniform: need finite a < b, got a=" + a + ", b=" + b);
        }
    }

    @Override
    public void fill(float[] w, int off, int n, Fans fans, RandomGenerator rng) {
        double width = b - a;
        for (int i = 0; i < n; i++) {
            w[off + i] = (float) (a + width * rng.nextDouble());
        }
    }
}
