package dev.jnn.train;

import dev.jnn.io.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Saves the model during {@link Trainer#fit} as a {@link ModelFile} (written to a temporary file and renamed
 * atomically, so a crash never leaves a torn checkpoint): after every epoch, or only when the monitored metric
 * improves on the best so far. A {@code {epoch}} in the file name is replaced by the epoch number (from 1), e.g.
 * {@code "ckpt-{epoch}.jnn"}. The file's metadata records the epoch ({@code epoch}), every metric of that epoch
 * ({@code metric.<name>}), the model's structure ({@code config}), the optimizer, loss, batch size, epochs and
 * shuffle seed ({@code hp.*}), and the given extra metadata (provenance), which takes precedence;
 * {@link #withOptimizer()} also stores the optimizer state, to resume training.
 *
 * <pre>{@code
 * Checkpoint.bestOnly(Path.of("best.jnn"), "val_accuracy")
 * Checkpoint.everyEpoch(Path.of("run/epoch-{epoch}.jnn")).withOptimizer()
 * }</pre>
 */
public final class Checkpoint implements Callback {

    private final Path file;
    private final String monitor;
    private final boolean optimizer;
    private final Map<String, String> metadata;
    private double best;
    private Path lastSaved;
    private Fit fit;

    private Checkpoint(Path file, String monitor, boolean optimizer, Map<String, String> metadata) {
        this.file = file;
        this.monitor = monitor;
        this.optimizer = optimizer;
        this.metadata = Map.copyOf(metadata);
    }

    /** Saves after every epoch. */
    public static Checkpoint everyEpoch(Path file) {
        return new Checkpoint(file, null, false, Map.of());
    }

    /** Saves when {@code monitor} improves (lower for losses, higher for accuracies). */
    public static Checkpoint bestOnly(Path file, String monitor) {
        return new Checkpoint(file, monitor, false, Map.of());
    }

    /** Also stores the optimizer state in each checkpoint. */
    public Checkpoint withOptimizer() {
        return new Checkpoint(file, monitor, true, metadata);
    }

    /** Adds metadata (e.g. {@link dev.jnn.io.Provenance#toMetadata()}) to each checkpoint. */
    public Checkpoint metadata(Map<String, String> extra) {
        var m = new LinkedHashMap<>(metadata);
        m.putAll(extra);
        return new Checkpoint(file, monitor, optimizer, m);
    }

    @Override
    public void onTrainBegin(Trainer trainer, Fit fit) {
        best = monitor != null && History.higherIsBetter(monitor) ? Double.NEGATIVE_INFINITY
                : Double.POSITIVE_INFINITY;
        lastSaved = null;
        this.fit = fit;
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        if (monitor != null) {
            Double value = logs.get(monitor);
            if (value == null) {
                throw new IllegalStateException("Checkpoint monitors '" + monitor + "' but the epoch logs have "
                        + logs.keySet() + "; give validation data (or Fit.validationSplit) or monitor another metric");
            }
            boolean improved = History.higherIsBetter(monitor) ? value > best : value < best;
            if (!improved) {
                return;
            }
            best = value;
        }
        var meta = new LinkedHashMap<>(metadata);
        // Provenance the trainer knows; explicit metadata wins.
        meta.putIfAbsent("config", trainer.model().toString());
        meta.putIfAbsent("hp.optimizer", trainer.optimizer().toString());
        meta.putIfAbsent("hp.loss", trainer.loss().name());
        meta.putIfAbsent("hp.batch_size", Integer.toString(fit.batchSize()));
        meta.putIfAbsent("hp.epochs", Integer.toString(fit.epochs()));
        meta.putIfAbsent("hp.shuffle_seed", Long.toString(fit.seed()));
        meta.put("epoch", Integer.toString(epoch + 1));
        logs.forEach((k, v) -> meta.put("metric." + k, v.toString()));
        Path target = Path.of(file.toString().replace("{epoch}", String.format(Locale.ROOT, "%d", epoch + 1)));
        try {
            if (optimizer) {
                ModelFile.save(trainer.model(), trainer.optimizer(), target, meta);
            } else {
                ModelFile.save(trainer.model(), target, meta);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Checkpoint: could not write " + target + ": " + e.getMessage(), e);
        }
        lastSaved = target;
    }

    /** The file written last in the current (or last) fit, or null. */
    public Path lastSaved() {
        return lastSaved;
    }

    /** The best monitored value so far (bestOnly checkpoints). */
    public double best() {
        return best;
    }
}
