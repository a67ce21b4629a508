package dev.jnn.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: every method has an empty default, so a callback overrides only the events it needs.
 * Events come in this order: {@code onTrainBegin}, then per epoch {@code onEpochBegin}, per batch
 * {@code onBatchBegin} / {@code onBatchEnd}, {@code onEpochEnd} (after validation), and finally {@code onTrainEnd}
 * (also when training stops early, but not when it fails). Epochs and batches are numbered from 0.
 *
 * <p>A callback stops training with {@link Trainer#stopTraining(String)}: the current epoch ends after the current
 * batch (validation and {@code onEpochEnd} still run), and no further epoch starts. Callbacks are stateful and reset
 * their state in {@code onTrainBegin}, so one instance can serve several fits (not concurrently).
 */
public interface Callback {

    default void onTrainBegin(Trainer trainer, Fit fit) {
    }

    default void onEpochBegin(Trainer trainer, int epoch) {
    }

    /** Before the optimizer step of a batch: per-step learning-rate schedules act here. */
    default void onBatchBegin(Trainer trainer, int epoch, int batch) {
    }

    default void onBatchEnd(Trainer trainer, BatchLogs logs) {
    }

    /**
     * After an epoch and its validation. {@code logs} holds the epoch's metrics (see {@link History} for the keys);
     * it is already recorded in {@link Trainer#history()}.
     */
    default void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
    }

    default void onTrainEnd(Trainer trainer, History history) {
    }
}
