package dev.jnn.train;

import dev.jnn.tensor.Tensor;
import java.util.Map;

/**
 * Stops training when a monitored metric has not improved for {@code patience} epochs, and (by default) puts back
 * the weights of the best epoch when training ends, whether it stopped early or ran all its epochs.
 *
 * <p>An epoch improves when the metric beats the best so far by more than {@code minDelta}: lower is better for
 * losses, higher for accuracies and the like ({@link History#higherIsBetter}). The default monitor is
 * {@value History#VAL_LOSS}, which needs validation data.
 *
 * <pre>{@code
 * new EarlyStopping(5).monitor("val_accuracy").minDelta(1e-3)
 * }</pre>
 */
public final class EarlyStopping implements Callback {

    private final int patience;
    private final String monitor;
    private final double minDelta;
    private final boolean restoreBestWeights;

    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;
    private Map<String, Tensor> bestWeights;

    /** Monitors {@value History#VAL_LOSS}, min delta 0, restores the best weights. */
    public EarlyStopping(int patience) {
        this(patience, History.VAL_LOSS, 0, true);
    }

    private EarlyStopping(int patience, String monitor, double minDelta, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0 epochs, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be >= 0, got " + minDelta);
        }
        this.patience = patience;
        this.monitor = monitor;
        this.minDelta = minDelta;
        this.restoreBestWeights = restoreBestWeights;
    }

    public EarlyStopping monitor(String metric) {
        return new EarlyStopping(patience, metric, minDelta, restoreBestWeights);
    }

    public EarlyStopping minDelta(double delta) {
        return new EarlyStopping(patience, monitor, delta, restoreBestWeights);
    }

    public EarlyStopping restoreBestWeights(boolean on) {
        return new EarlyStopping(patience, monitor, minDelta, on);
    }

    @Override
    public void onTrainBegin(Trainer trainer, Fit fit) {
        best = History.higherIsBetter(monitor) ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestEpoch = -1;
        wait = 0;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalStateException("EarlyStopping monitors '" + monitor + "' but the epoch logs have "
                    + logs.keySet() + "; give validation data (or Fit.validationSplit) or monitor another metric");
        }
        boolean improved = History.higherIsBetter(monitor) ? value > best + minDelta : value < best - minDelta;
        if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = trainer.model().stateDict();
            }
        } else if (++wait >= patience) {
            stoppedEpoch = epoch;
            trainer.stopTraining("EarlyStopping: " + monitor + " did not improve on " + best + " (epoch "
                    + (bestEpoch + 1) + ") for " + wait + " epochs");
        }
    }

    @Override
    public void onTrainEnd(Trainer trainer, History history) {
        if (restoreBestWeights && bestWeights != null) {
            trainer.model().loadState(bestWeights);
        }
    }

    /** The epoch (from 0) with the best monitored value in the last fit, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value in the last fit. */
    public double best() {
        return best;
    }

    /** The epoch (from 0) at which the last fit was stopped, or -1 when it ran all its epochs. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }
}
