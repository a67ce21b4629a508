package dev.jnn.optim.schedule;

/**
 * Cosine annealing from {@code initial} to {@code min} over {@code total} ticks, after an optional linear warm-up:
 * <pre>
 *   t &lt; w:            η = η0·(t + 1)/w
 *   w ≤ t &lt; total:    η = ηmin + (η0 − ηmin)·(1 + cos(π·(t − w)/(total − w)))/2
 *   t ≥ total:        η = ηmin
 * </pre>
 * Warm-up starts at {@code η0/w}, not 0, so the first tick already trains; it reaches η0 at {@code t = w − 1} and the
 * cosine starts from η0 at {@code t = w}.
 */
public record CosineDecay(double initial, long total, double min, long warmup) implements LearningRateSchedule {

    public CosineDecay {
        Schedules.checkRate("CosineDecay", initial);
        Schedules.checkRate("CosineDecay", min);
        if (min > initial) {
            throw new IllegalArgumentException("CosineDecay: min " + min + " is above the initial rate " + initial);
        }
        if (warmup < 0 || total <= warmup) {
            throw new IllegalArgumentException("CosineDecay: need 0 <= warmup < total, got warmup " + warmup
                    + " and total " + total);
        }
    }

    /** No warm-up, decaying to 0. */
    public CosineDecay(double initial, long total) {
        this(initial, total, 0, 0);
    }

    @Override
    public double learningRate(long t) {
        Schedules.checkTick("CosineDecay", t);
        if (t < warmup) {
            return initial * (t + 1) / warmup;
        }
        if (t >= total) {
            return min;
        }
        double progress = (double) (t - warmup) / (total - warmup);
        return min + (initial - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
