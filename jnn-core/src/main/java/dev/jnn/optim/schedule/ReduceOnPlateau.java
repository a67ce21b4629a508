package dev.jnn.optim.schedule;

import dev.jnn.optim.Optimizer;

/**
 * Performance scheduling: multiply the learning rate by {@code factor} when a validation metric has stopped
 * improving. Fed once per evaluation (usually per epoch) through {@link #update(double, double)}.
 *
 * <ul>
 *   <li>An evaluation improves when the metric beats the best so far by more than {@code minDelta} (absolute):
 *       {@code metric < best − minDelta} in {@link Mode#MIN} (losses), {@code metric > best + minDelta} in
 *       {@link Mode#MAX} (accuracies). NaN never improves.</li>
 *   <li>After {@code patience} evaluations in a row without improvement, the rate becomes
 *       {@code max(lr·factor, minLr)} (as Keras counts; PyTorch waits one evaluation more).</li>
 *   <li>After a reduction the next {@code cooldown} evaluations do not count towards patience (an improvement there
 *       still updates the best).</li>
 * </ul>
 * Configuration is immutable (the {@code with…} methods return a fresh scheduler); the progress (best, wait,
 * cooldown) is mutable and can be saved with {@link #state()} for checkpoints.
 */
public final class ReduceOnPlateau {

    public enum Mode { MIN, MAX }

    /** The progress of a plateau scheduler, as plain data for checkpoints. */
    public record State(double best, int badEvaluations, int cooldownLeft) {}

    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;

    private double best;
    private int wait;
    private int cooldownLeft;

    /** Defaults as Keras: factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0. */
    public ReduceOnPlateau(Mode mode) {
        this(mode, 0.1, 10, 1e-4, 0, 0);
    }

    public ReduceOnPlateau(Mode mode, double factor, int patience, double minDelta, int cooldown, double minLr) {
        if (mode == null) {
            throw new IllegalArgumentException("ReduceOnPlateau: mode must be MIN (loss) or MAX (accuracy)");
        }
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceOnPlateau: factor must be in (0, 1), got " + factor);
        }
        if (patience < 1 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceOnPlateau: need patience >= 1 and cooldown >= 0, got patience "
                    + patience + " and cooldown " + cooldown);
        }
        if (!(minDelta >= 0) || !(minLr >= 0)) {
            throw new IllegalArgumentException("ReduceOnPlateau: minDelta and minLr must be >= 0, got " + minDelta
                    + " and " + minLr);
        }
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    public ReduceOnPlateau withFactor(double f) {
        return new ReduceOnPlateau(mode, f, patience, minDelta, cooldown, minLr);
    }

    public ReduceOnPlateau withPatience(int p) {
        return new ReduceOnPlateau(mode, factor, p, minDelta, cooldown, minLr);
    }

    public ReduceOnPlateau withMinDelta(double d) {
        return new ReduceOnPlateau(mode, factor, patience, d, cooldown, minLr);
    }

    public ReduceOnPlateau withCooldown(int c) {
        return new ReduceOnPlateau(mode, factor, patience, minDelta, c, minLr);
    }

    public ReduceOnPlateau withMinLr(double m) {
        return new ReduceOnPlateau(mode, factor, patience, minDelta, cooldown, m);
    }

    /** Records one evaluation of the metric and returns the learning rate to use from now on. */
    public double update(double metric, double lr) {
        boolean improved = mode == Mode.MIN ? metric < best - minDelta : metric > best + minDelta;
        if (improved) {
            best = metric;
            wait = 0;
        } else {
            wait++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (wait >= patience) {
            wait = 0;
            cooldownLeft = cooldown;
            return Math.max(lr * factor, minLr);
        }
        return lr;
    }

    /** Records one evaluation and updates the optimizer's rate; returns true when the rate was lowered. */
    public boolean update(double metric, Optimizer optimizer) {
        double lr = optimizer.learningRate();
        double next = update(metric, lr);
        optimizer.setLearningRate(next);
        return next < lr;
    }

    /** The best metric seen so far (±infinity before the first evaluation). */
    public double best() {
        return best;
    }

    public State state() {
        return new State(best, wait, cooldownLeft);
    }

    public void restore(State s) {
        if (s.badEvaluations() < 0 || s.cooldownLeft() < 0) {
            throw new IllegalArgumentException("ReduceOnPlateau: invalid state " + s);
        }
        best = s.best();
        wait = s.badEvaluations();
        cooldownLeft = s.cooldownLeft();
    }

    @Override
    public String toString() {
        return "ReduceOnPlateau(" + mode + ", factor=" + factor + ", patience=" + patience + ", minDelta=" + minDelta
                + ", cooldown=" + cooldown + ", minLr=" + minLr + ")";
    }
}
