package dev.jnn.optim.schedule;

import java.util.Arrays;

/**
 * Piecewise-constant scheduling: {@code values[0]} for {@code t < boundaries[0]}, {@code values[i]} for
 * {@code boundaries[i−1] <= t < boundaries[i]}, and the last value from the last boundary on. So
 * {@code new PiecewiseConstant(new long[] {5, 15}, 0.1, 0.01, 0.001)} gives 0.1 for ticks 0–4, 0.01 for 5–14 and
 * 0.001 from 15.
 */
public final class PiecewiseConstant implements LearningRateSchedule {

    private final long[] boundaries;
    private final double[] values;

    public PiecewiseConstant(long[] boundaries, double... values) {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("PiecewiseConstant: " + boundaries.length + " boundaries need "
                    + (boundaries.length + 1) + " values, got " + values.length);
        }
        for (int i = 0; i < boundaries.length; i++) {
            if (boundaries[i] < 1 || (i > 0 && boundaries[i] <= boundaries[i - 1])) {
                throw new IllegalArgumentException("PiecewiseConstant: boundaries must be >= 1 and strictly"
                        + " increasing, got " + Arrays.toString(boundaries));
            }
        }
        for (double v : values) {
            Schedules.checkRate("PiecewiseConstant", v);
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    @Override
    public double learningRate(long t) {
        Schedules.checkTick("PiecewiseConstant", t);
        int i = 0;
        while (i < boundaries.length && t >= boundaries[i]) {
            i++;
        }
        return values[i];
    }

    public long[] boundaries() {
        return boundaries.clone();
    }

    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PiecewiseConstant p && Arrays.equals(boundaries, p.boundaries)
                && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(boundaries) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PiecewiseConstant[boundaries=" + Arrays.toString(boundaries) + ", values=" + Arrays.toString(values)
                + "]";
    }
}
