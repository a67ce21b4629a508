package dev.jnn.nn.init;

import java.util.random.RandomGenerator;

/** Independent draws from N(mean, std²). */
public record RandomNormal(double mean, double std) implements Initializer {

    public RandomNormal {
        if (!Double.isFinite(mean) || !(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("RandomNormal: need a finite mean and a finite std >= 0, got mean "
                    + mean + ", std " + std);
        }
    }

    @Override
    public void fill(float[] w, int off, int n, Fans fans, RandomGenerator rng) {
        for (int i = 0; i < n; i++) {
            w[off + i] = (float) (mean + std * rng.nextGaussian());
        }
    }
}
