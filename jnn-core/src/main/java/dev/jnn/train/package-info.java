/**
 * Training and evaluation: {@link dev.jnn.train.Trainer} (fit / evaluate / predict) configured by an immutable
 * {@link dev.jnn.train.Fit}; {@link dev.jnn.train.Callback}s ({@link dev.jnn.train.EarlyStopping},
 * {@link dev.jnn.train.LearningRateScheduler}, {@link dev.jnn.train.Checkpoint}, {@link dev.jnn.train.CsvLogger},
 * {@link dev.jnn.train.ProgressBar}); the per-epoch {@link dev.jnn.train.History}; and the metrics on plain arrays
 * ({@link dev.jnn.train.Metrics}, {@link dev.jnn.train.ConfusionMatrix}). May use nn, optim, data and io.
 */
package dev.jnn.train;
