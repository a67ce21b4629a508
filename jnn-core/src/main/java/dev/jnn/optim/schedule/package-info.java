/**
 * Learning-rate schedules: functions of a tick count ({@link dev.jnn.optim.schedule.LearningRateSchedule}:
 * piecewise constant, exponential, power, step, cosine with warm-up) and performance scheduling
 * ({@link dev.jnn.optim.schedule.ReduceOnPlateau}). They set an {@link dev.jnn.optim.Optimizer}'s rate; the
 * trainer's callbacks drive them per epoch or per step.
 */
package dev.jnn.optim.schedule;
