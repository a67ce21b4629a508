package dev.jnn.nn.init;

import java.util.random.RandomGenerator;

/**
 * N(mean, std²) restricted to {@code [mean − 2·std, mean + 2·std]}: draws outside are redrawn (about 4.6% of them),
 * so no weight starts far out in the tails. The resulting standard deviation is {@code 0.8796·std}.
 */
public record TruncatedNormal(double mean, double std) implements Initializer {

    /** Standard deviation of a standard normal truncated to [−2, 2]. */
    static final double STD_OF_TRUNCATED_UNIT = 0.87962566103423978;

    public TruncatedNormal {
        if (!Double.isFinite(mean) || !(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("TruncatedNormal: need a finite mean and a finite std >= 0, got mean "
                    + mean + ", std " + std);
        }
    }

    @Override
    public void fill(float[] w, int off, int n, Fans fans, RandomGenerator rng) {
        for (int i = 0; i < n; i++) {
            w[off + i] = (float) (mean + std * unitDraw(rng));
        }
    }

    /** One draw from the standard normal truncated to [−2, 2]. */
    static double unitDraw(RandomGenerator rng) {
        double z;
        do {
            z = rng.nextGaussian();
        } while (z < -2 || z > 2);
        return z;
    }
}
