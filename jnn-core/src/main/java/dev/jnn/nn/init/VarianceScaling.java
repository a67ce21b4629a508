package dev.jnn.nn.init;

import java.util.random.RandomGenerator;

/**
 * Draws with variance {@code σ² = scale / fan}, the family behind LeCun ({@code scale 1, FAN_IN}), Glorot/Xavier
 * ({@code 1, FAN_AVG}) and He/Kaiming ({@code 2, FAN_IN}) initialization. See {@link Initializer} for the factories.
 *
 * <ul>
 *   <li>{@link Distribution#NORMAL}: N(0, σ²) (PyTorch's {@code xavier_normal_}/{@code kaiming_normal_}).</li>
 *   <li>{@link Distribution#UNIFORM}: U(−r, r), {@code r = √(3σ²)}.</li>
 *   <li>{@link Distribution#TRUNCATED_NORMAL}: a normal truncated at ±2 standard deviations and widened so that the
 *       variance is still σ² (Keras' choice for its variance-scaling normals).</li>
 * </ul>
 */
public record VarianceScaling(double scale, FanMode mode, Distribution distribution) implements Initializer {

    public enum FanMode { FAN_IN, FAN_OUT, FAN_AVG }

    public enum Distribution { NORMAL, TRUNCATED_NORMAL, UNIFORM }

    public VarianceScaling {
        if (!(scale > 0) || Double.isInfinite(scale) || mode == null || distribution == null) {
            throw new IllegalArgumentException("VarianceScaling: need scale > 0, a fan mode and a distribution, got "
                    + scale + ", " + mode + ", " + distribution);
        }
    }

    /** The target variance σ² for these fans. */
    public double variance(Fans fans) {
        double fan = switch (mode) {
            case FAN_IN -> fans.fanIn();
            case FAN_OUT -> fans.fanOut();
            case FAN_AVG -> fans.fanAvg();
        };
        return scale / fan;
    }

    @Override
    public void fill(float[] w, int off, int n, Fans fans, RandomGenerator rng) {
        double std = Math.sqrt(variance(fans));
        switch (distribution) {
            case NORMAL -> {
                for (int i = 0; i < n; i++) {
                    w[off + i] = (float) (std * rng.nextGaussian());
                }
            }
            case TRUNCATED_NORMAL -> {
                double s = std / TruncatedNormal.STD_OF_TRUNCATED_UNIT;
                for (int i = 0; i < n; i++) {
                    w[off + i] = (float) (s * TruncatedNormal.unitDraw(rng));
                }
            }
            case UNIFORM -> {
                double r = Math.sqrt(3) * std;
                for (int i = 0; i < n; i++) {
                    w[off + i] = (float) (r * (2 * rng.nextDouble() - 1));
                }
            }
        }
    }
}
