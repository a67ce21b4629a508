/**
 * Optimizers ({@link dev.jnn.optim.Sgd}, {@link dev.jnn.optim.Momentum}, {@link dev.jnn.optim.Nesterov},
 * {@link dev.jnn.optim.AdaGrad}, {@link dev.jnn.optim.RmsProp}, {@link dev.jnn.optim.Adam}) with parameter groups,
 * weight decay and plain-data state; weight penalties ({@link dev.jnn.optim.Regularizer}), the max-norm constraint
 * and gradient clipping. All work on {@link dev.jnn.optim.Trainable} — slices of {@code float[]} — so they depend on
 * the JDK (Vector API) only; {@code nn.Parameter} implements {@code Trainable}. Learning-rate schedules live in
 * {@code dev.jnn.optim.schedule}.
 */
package dev.jnn.optim;
