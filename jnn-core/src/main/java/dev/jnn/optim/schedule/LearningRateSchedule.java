package dev.jnn.optim.schedule;

import dev.jnn.optim.Optimizer;

/**
 * A learning rate as a function of time {@code t}, a 0-based count of ticks. A schedule has no unit of its own: its
 * parameters (boundaries, {@code r}, step size, total, warm-up) are in the same ticks the caller counts. The trainer's
 * schedule callback ticks once per epoch by default ({@code t} = epochs completed) or once per optimizer step when
 * asked; choose the parameters for the unit you drive it with.
 *
 * <p>Performance scheduling depends on a validation metric, not on time, and is {@link ReduceOnPlateau}.
 * A lambda is a schedule too: {@code t -> t < 5 ? 0.1 : 0.01}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for tick {@code t >= 0}. */
    double learningRate(long t);

    /** Sets the optimizer's learning rate to this schedule's value at tick {@code t}. */
    default void applyTo(Optimizer optimizer, long t) {
        optimizer.setLearningRate(learningRate(t));
    }

    static LearningRateSchedule constant(double lr) {
        Schedules.checkRate("constant", lr);
        return t -> lr;
    }
}
