package dev.jnn.train;

import dev.jnn.autograd.NoGrad;
import dev.jnn.data.Batch;
import dev.jnn.data.BatchIterator;
import dev.jnn.data.DataLoader;
import dev.jnn.data.Dataset;
import dev.jnn.data.Splits;
import dev.jnn.nn.Module;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.Optimizer;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains, evaluates and applies a model, as Keras' {@code fit} / {@code evaluate} / {@code predict}:
 * <pre>{@code
 * var trainer = Trainer.of(model, new Adam(1e-3), Loss.crossEntropy());
 * History h = trainer.fit(train, Fit.epochs(20).batchSize(64).shuffle(42).validationSplit(0.1)
 *         .callbacks(new EarlyStopping(3)));
 * Map<String, Double> test = trainer.evaluate(testSet);     // {loss=…, accuracy=…}
 * Tensor logits = trainer.predict(x);
 * }</pre>
 *
 * <p>Each epoch reshuffles the training data (seeded), trains batch by batch with {@link TrainStep} (one
 * {@link dev.jnn.tensor.Workspace} per step, so steady-state steps reuse their arrays), evaluates on the validation
 * data and records the metrics in a {@link History}. Same seed and thread count give bit-identical weights.
 * A non-finite loss or gradient stops training with a {@link DivergenceException}.
 *
 * <p>Metrics: the loss (mean over examples, regularization penalty included for training), and the accuracy when the
 * data set has class labels and the model outputs one row of scores per example (or a single column for binary
 * tasks). Not thread-safe: one trainer runs one fit at a time.
 */
public final class Trainer {

    private static final int EVAL_BATCH = 256;

    private final Module model;
    private final Optimizer optimizer;
    private final Loss loss;
    private History history = new History();
    private volatile String stopReason;
    private TrainStep cachedStep;
    private Fit cachedFit;
    private final TrainStep.Totals stepTotals = new TrainStep.Totals();

    private Trainer(Module model, Optimizer optimizer, Loss loss) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.loss = Objects.requireNonNull(loss, "loss");
    }

    public static Trainer of(Module model, Optimizer optimizer, Loss loss) {
        return new Trainer(model, optimizer, loss);
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Loss loss() {
        return loss;
    }

    /** The history of the current (or last) fit. */
    public History history() {
        return history;
    }

    /** Asks the running fit to stop after the current batch; {@code reason} is kept for {@link #stopReason()}. */
    public void stopTraining(String reason) {
        stopReason = reason == null ? "stopped" : reason;
    }

    /** Why the last fit stopped early, or null when it ran all its epochs. */
    public String stopReason() {
        return stopReason;
    }

    /** Trains on {@code train}, validating on a {@link Fit#validationSplit()} of it when that is non-zero. */
    public History fit(Dataset train, Fit fit) {
        return fit(train, null, fit);
    }

    /** Trains on {@code train} and validates on {@code validation} (may be null) after every epoch. */
    public History fit(Dataset train, Dataset validation, Fit fit) {
        if (validation == null && fit.validationSplit() > 0) {
            Splits.Split split = Splits.trainValidation(train, fit.validationSplit(), fit.seed(), train.hasLabels());
            train = split.train();
            validation = split.validation();
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("Trainer.fit: the training set is empty");
        }
        ensureBuilt(train);
        DataLoader loader = DataLoader.of(train, fit.batchSize());
        loader = fit.shuffle() ? loader.shuffle(fit.seed()) : loader;
        loader = fit.augment() != null ? loader.augment(fit.augment()) : loader;
        TrainStep step = new TrainStep(model, optimizer, loss, fit);
        List<Callback> callbacks = new ArrayList<>(fit.callbacks());
        if (fit.verbose()) {
            callbacks.add(new ProgressBar());
        }
        boolean wasTraining = model.isTraining();
        history = new History();
        stopReason = null;
        callbacks.forEach(c -> c.onTrainBegin(this, fit));
        TrainStep.Totals totals = new TrainStep.Totals();
        int batches = loader.batchesPerEpoch();
        try {
            for (int epoch = 0; epoch < fit.epochs() && stopReason == null; epoch++) {
                for (Callback c : callbacks) {
                    c.onEpochBegin(this, epoch);
                }
                model.train(true);
                long start = System.nanoTime();
                totals.reset();
                try (BatchIterator it = loader.epoch(epoch)) {
                    for (int b = 0; it.hasNext() && stopReason == null; b++) {
                        Batch batch = it.next();
                        for (int i = 0; i < callbacks.size(); i++) {
                            callbacks.get(i).onBatchBegin(this, epoch, b);
                        }
                        step.run(batch, totals, epoch, b);
                        var logs = new BatchLogs(epoch, fit.epochs(), b, batches, totals.loss(), totals.accuracy(),
                                totals.examples, (System.nanoTime() - start) / 1e9);
                        for (int i = 0; i < callbacks.size(); i++) {
                            callbacks.get(i).onBatchEnd(this, logs);
                        }
                    }
                }
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put(History.LOSS, totals.loss());
                if (!Double.isNaN(totals.accuracy())) {
                    logs.put(History.ACCURACY, totals.accuracy());
                }
                if (validation != null && validation.size() > 0) {
                    evaluate(validation, fit.batchSize()).forEach((k, v) -> logs.put("val_" + k, v));
                }
                logs.put(History.LR, optimizer.learningRate());
                logs.put(History.EPOCH_TIME, (System.nanoTime() - start) / 1e9);
                logs.put(History.EXAMPLES_PER_SECOND, trainSeconds > 0 ? totals.examples / trainSeconds : 0);
                history.add(logs);
                Map<String, Double> view = Collections.unmodifiableMap(logs);
                for (Callback c : callbacks) {
                    c.onEpochEnd(this, epoch, view);
                }
            }
            for (Callback c : callbacks) {
                c.onTrainEnd(this, history);
            }
        } finally {
            model.train(wasTraining);
        }
        return history;
    }

    /** Builds lazy layers from the shape of one training example, so the parameter list is complete. */
    private void ensureBuilt(Dataset train) {
        boolean built = model.namedModules().values().stream().allMatch(Module::isBuilt);
        if (!built) {
            int[] f = train.featureShape().toArray();
            int[] shape = new int[f.length + 1];
            shape[0] = 1;
            System.arraycopy(f, 0, shape, 1, f.length);
            model.build(shape);
        }
    }

    /** {@link #evaluate(Dataset, int)} with batches of 256. */
    public Map<String, Double> evaluate(Dataset data) {
        return evaluate(data, EVAL_BATCH);
    }

    /**
     * The loss (mean over examples, without regularization penalty) and, for labelled data, the accuracy of the
     * model on {@code data}, in evaluation mode without gradients: {@code {loss=…, accuracy=…}}.
     */
    public Map<String, Double> evaluate(Dataset data, int batchSize) {
        TrainStep.Totals totals = new TrainStep.Totals();
        float threshold = TrainStep.binaryThreshold(loss);
        boolean was = model.isTraining();
        model.train(false);
        try (NoGrad g = NoGrad.enter(); BatchIterator it = DataLoader.of(data, batchSize).epoch(0)) {
            while (it.hasNext()) {
                Batch batch = it.next();
                try (Workspace ws = Workspace.open()) {
                    Tensor out = model.forward(batch.x());
                    double value = loss.compute(out, TrainStep.target(batch)).item();
                    TrainStep.accumulate(out, batch, value, threshold, totals);
                }
            }
        } finally {
            model.train(was);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(History.LOSS, totals.loss());
        if (!Double.isNaN(totals.accuracy())) {
            out.put(History.ACCURACY, totals.accuracy());
        }
        return out;
    }

    /** The model's outputs for the examples {@code x} [N, …], computed in batches in evaluation mode. */
    public Tensor predict(Tensor x) {
        if (x.rank() < 1 || x.dim(0) == 0) {
            throw new IllegalArgumentException("Trainer.predict: needs a batch [N, ...] with N >= 1, got " + x.shape());
        }
        int n = x.dim(0);
        float[] result = null;
        int[] dims = null;
        int per = 0;
        boolean was = model.isTraining();
        model.train(false);
        try (NoGrad g = NoGrad.enter()) {
            for (int i = 0; i < n; i += EVAL_BATCH) {
                int len = Math.min(EVAL_BATCH, n - i);
                try (Workspace ws = Workspace.open()) {
                    Tensor out = model.forward(x.narrow(0, i, len)).contiguous();
                    if (result == null) {
                        dims = out.shape().toArray();
                        dims[0] = n;
                        per = out.size() / len;
                        result = new float[n * per];
                    }
                    System.arraycopy(out.data(), out.offset(), result, i * per, len * per);
                }
            }
        } finally {
            model.train(was);
        }
        return Tensor.of(result, dims);
    }

    /** The arg-max class of each row of {@link #predict(Tensor)}. */
    public int[] predictClasses(Tensor x) {
        Tensor scores = predict(x);
        return Metrics.argmax(scores.data(), scores.dim(0), scores.size() / scores.dim(0));
    }

    /**
     * Trains on one batch with the settings of {@code fit} (for custom loops); returns the batch loss. Repeated calls
     * with the same {@code fit} instance reuse the step's parameter lists, so they allocate almost nothing.
     */
    public double trainStep(Batch batch, Fit fit) {
        if (cachedStep == null || cachedFit != fit) {
            ensureBuilt(batch);
            cachedStep = new TrainStep(model, optimizer, loss, fit);
            cachedFit = fit;
        }
        stepTotals.reset();
        cachedStep.run(batch, stepTotals, 0, 0);
        return stepTotals.loss();
    }

    private void ensureBuilt(Batch batch) {
        if (!model.namedModules().values().stream().allMatch(Module::isBuilt)) {
            int[] shape = batch.x().shape().toArray();
            shape[0] = 1;
            model.build(shape);
        }
    }
}
