package dev.jnn.optim.schedule;

/**
 * Power scheduling: {@code η(t) = η0·(1 + t/r)^(−c)}. With {@code c = 1} the rate halves after {@code r} ticks,
 * falls to a third after {@code 2r}, and so on: fast at first, then slower and slower.
 */
public record PowerDecay(double initial, double r, double c) implements LearningRateSchedule {

    public PowerDecay {
        Schedules.checkRate("PowerDecay", initial);
        Schedules.checkPositive("PowerDecay", "r", r);
        Schedules.checkPositive("PowerDecay", "c", c);
    }

    /** {@code c = 1}. */
    public PowerDecay(double initial, double r) {
        this(initial, r, 1);
    }

    @Override
    public double learningRate(long t) {
        Schedules.checkTick("PowerDecay", t);
        return initial * Math.pow(1 + t / r, -c);
    }
}
