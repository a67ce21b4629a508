package dev.jnn.train;

import dev.jnn.optim.schedule.LearningRateSchedule;
import dev.jnn.optim.schedule.ReduceOnPlateau;
import java.util.Map;

/**
 * Drives the optimizer's learning rate during {@link Trainer#fit}: from a {@link LearningRateSchedule} ticked once
 * per epoch (tick = epochs completed in this fit) or once per step (tick = the optimizer's step count, so resumed
 * training continues the schedule), or from a {@link ReduceOnPlateau} fed the monitored metric after each epoch.
 *
 * <pre>{@code
 * LearningRateScheduler.perEpoch(new StepDecay(0.1, 0.5, 10))
 * LearningRateScheduler.perStep(new CosineDecay(1e-3, 10_000))
 * LearningRateScheduler.onPlateau(new ReduceOnPlateau(Mode.MIN).withPatience(2), "val_loss")
 * }</pre>
 */
public final class LearningRateScheduler implements Callback {

    private enum Tick { EPOCH, STEP, PLATEAU }

    private final Tick tick;
    private final LearningRateSchedule schedule;
    private final ReduceOnPlateau plateau;
    private final String monitor;

    private LearningRateScheduler(Tick tick, LearningRateSchedule schedule, ReduceOnPlateau plateau, String monitor) {
        this.tick = tick;
        this.schedule = schedule;
        this.plateau = plateau;
        this.monitor = monitor;
    }

    /** Sets the rate at the start of each epoch to {@code schedule.learningRate(epoch)}. */
    public static LearningRateScheduler perEpoch(LearningRateSchedule schedule) {
        return new LearningRateScheduler(Tick.EPOCH, schedule, null, null);
    }

    /** Sets the rate before each step to {@code schedule.learningRate(optimizer.steps())}. */
    public static LearningRateScheduler perStep(LearningRateSchedule schedule) {
        return new LearningRateScheduler(Tick.STEP, schedule, null, null);
    }

    /**
     * Feeds {@code monitor} (e.g. {@code "val_loss"}) to {@code plateau} after each epoch; the rate it returns applies
     * from the next epoch on. The plateau's progress lives in the given instance.
     */
    public static LearningRateScheduler onPlateau(ReduceOnPlateau plateau, String monitor) {
        return new LearningRateScheduler(Tick.PLATEAU, null, plateau, monitor);
    }

    @Override
    public void onEpochBegin(Trainer trainer, int epoch) {
        if (tick == Tick.EPOCH) {
            schedule.applyTo(trainer.optimizer(), epoch);
        }
    }

    @Override
    public void onBatchBegin(Trainer trainer, int epoch, int batch) {
        if (tick == Tick.STEP) {
            schedule.applyTo(trainer.optimizer(), trainer.optimizer().steps());
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        if (tick != Tick.PLATEAU) {
            return;
        }
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalStateException("LearningRateScheduler.onPlateau monitors '" + monitor
                    + "' but the epoch logs have " + logs.keySet()
                    + "; give validation data (or Fit.validationSplit) or monitor another metric");
        }
        plateau.update(value, trainer.optimizer());
    }
}
