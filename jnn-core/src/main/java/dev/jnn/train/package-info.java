/**
 * Training and evaluation: the trainer, callbacks, history, and the metrics on plain arrays
 * ({@link dev.jnn.train.Metrics}, {@link dev.jnn.train.ConfusionMatrix}). May use nn, optim and data.
 */
package dev.jnn.train;
