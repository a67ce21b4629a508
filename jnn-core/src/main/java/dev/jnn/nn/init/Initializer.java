package dev.jnn.nn.init;

import java.util.random.RandomGenerator;

/**
 * Fills a weight with initial values. All randomness comes from the {@link RandomGenerator} passed in (e.g.
 * {@code new SplittableRandom(seed)}), so the same generator state gives the same weights.
 *
 * <p>The family: {@link #zeros()}, {@link #constant}, {@link #normal}, {@link #uniform}, {@link #truncatedNormal},
 * and the variance-scaling ones, with {@code σ² = scale / fan}:
 * <pre>
 *   LeCun   σ² = 1/fanIn     Glorot (Xavier)  σ² = 1/fanAvg = 2/(fanIn + fanOut)     He (Kaiming)  σ² = 2/fanIn
 * </pre>
 * A normal variant draws N(0, σ²); a uniform variant draws U(−r, r) with {@code r = √(3σ²)}, which has the same
 * variance. Users can implement their own: one method.
 */
@FunctionalInterface
public interface Initializer {

    /** Fills {@code w[off, off + n)} for a weight with the given fans. */
    void fill(float[] w, int off, int n, Fans fans, RandomGenerator rng);

    /** Fills {@code w[off, off + size(dims))}, reading the fans from the shape as {@link Fans#of(int[])} does. */
    default void fill(float[] w, int off, int[] dims, RandomGenerator rng) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (off < 0 || off + n > w.length) {
            throw new IllegalArgumentException(this + ": shape " + java.util.Arrays.toString(dims) + " at offset "
                    + off + " does not fit an array of " + w.length);
        }
        fill(w, off, (int) n, Fans.of(dims), rng);
    }

    static Initializer zeros() {
        return new Constant(0);
    }

    static Initializer constant(double value) {
        return new Constant(value);
    }

    static Initializer normal(double mean, double std) {
        return new RandomNormal(mean, std);
    }

    static Initializer uniform(double a, double b) {
        return new RandomUniform(a, b);
    }

    /** N(mean, std²) restricted to {@code mean ± 2·std} (draws outside are redrawn). */
    static Initializer truncatedNormal(double mean, double std) {
        return new TruncatedNormal(mean, std);
    }

    static Initializer lecunNormal() {
        return new VarianceScaling(1, VarianceScaling.FanMode.FAN_IN, VarianceScaling.Distribution.NORMAL);
    }

    static Initializer lecunUniform() {
        return new VarianceScaling(1, VarianceScaling.FanMode.FAN_IN, VarianceScaling.Distribution.UNIFORM);
    }

    static Initializer glorotNormal() {
        return new VarianceScaling(1, VarianceScaling.FanMode.FAN_AVG, VarianceScaling.Distribution.NORMAL);
    }

    static Initializer glorotUniform() {
        return new VarianceScaling(1, VarianceScaling.FanMode.FAN_AVG, VarianceScaling.Distribution.UNIFORM);
    }

    static Initializer heNormal() {
        return new VarianceScaling(2, VarianceScaling.FanMode.FAN_IN, VarianceScaling.Distribution.NORMAL);
    }

    static Initializer heUniform() {
        return new VarianceScaling(2, VarianceScaling.FanMode.FAN_IN, VarianceScaling.Distribution.UNIFORM);
    }
}
