package dev.jnn.optim.schedule;

/**
 * Exponential scheduling: {@code η(t) = η0·10^(−t/r)}: the rate drops by a factor of 10 every {@code r} ticks.
 */
public record ExponentialDecay(double initial, double r) implements LearningRateSchedule {

    public ExponentialDecay {
        Schedules.checkRate("ExponentialDecay", initial);
        Schedules.checkPositive("ExponentialDecay", "r", r);
    }

    @Override
    public double learningRate(long t) {
        Schedules.checkTick("ExponentialDecay", t);
        return initial * Math.pow(10, -t / r);
    }
}
