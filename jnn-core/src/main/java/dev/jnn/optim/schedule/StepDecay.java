package dev.jnn.optim.schedule;

/**
 * Step decay: {@code η(t) = η0·γ^⌊t/stepSize⌋}, e.g. divide by 10 ({@code γ = 0.1}) every 30 epochs.
 */
public record StepDecay(double initial, double gamma, long stepSize) implements LearningRateSchedule {

    public StepDecay {
        Schedules.checkRate("StepDecay", initial);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("StepDecay: gamma must be in (0, 1], got " + gamma);
        }
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepDecay: stepSize must be >= 1 tick, got " + stepSize);
        }
    }

    @Override
    public double learningRate(long t) {
        Schedules.checkTick("StepDecay", t);
        return initial * Math.pow(gamma, t / stepSize);
    }
}
