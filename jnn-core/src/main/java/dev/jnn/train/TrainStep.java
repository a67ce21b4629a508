package dev.jnn.train;

import dev.jnn.data.Batch;
import dev.jnn.nn.Module;
import dev.jnn.nn.Parameter;
import dev.jnn.nn.loss.Loss;
import dev.jnn.nn.loss.Target;
import dev.jnn.optim.GradientClipping;
import dev.jnn.optim.MaxNorm;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.Regularizer;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One optimizer step: forward, loss, backward, regularization, clipping, update, constraints, all inside a
 * {@link Workspace} so that a steady-state step reuses its arrays. The parameter lists are computed once, so the
 * step itself allocates only the small objects of the tape.
 *
 * <p>Before the update, the loss and the global gradient norm are checked: a non-finite value throws a
 * {@link DivergenceException} that names the first parameter, in forward order, whose gradient blew up, so bad
 * values never reach the weights.
 */
final class TrainStep {

    /** A gradient norm above this counts as exploded when the diagnosis looks for the culprit. */
    static final double HUGE_GRADIENT = 1e6;

    /** Running sums over an epoch (or an evaluation). */
    static final class Totals {
        double lossSum;
        long examples;
        long correct;
        long labelled;

        void reset() {
            lossSum = 0;
            examples = 0;
            correct = 0;
            labelled = 0;
        }

        double loss() {
            return examples == 0 ? Double.NaN : lossSum / examples;
        }

        double accuracy() {
            return labelled == 0 ? Double.NaN : (double) correct / labelled;
        }
    }

    private final Module model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final List<Parameter> params;
    private final List<Parameter> weights;
    private final Fit fit;
    private final MaxNorm maxNorm;
    private final float threshold;

    TrainStep(Module model, Optimizer optimizer, Loss loss, Fit fit) {
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
        this.fit = fit;
        this.params = model.parameters();
        List<Parameter> w = new ArrayList<>();
        for (Parameter p : params) {
            if (p.dims().length >= 2) {
                w.add(p);
            }
        }
        this.weights = List.copyOf(w);
        this.maxNorm = fit.maxNorm() > 0 ? new MaxNorm(fit.maxNorm()) : null;
        this.threshold = binaryThreshold(loss);
    }

    /** Trains on one batch and adds its loss (penalty included) and accuracy to {@code totals}. */
    void run(Batch batch, Totals totals, int epoch, int index) {
        for (int i = 0, n = params.size(); i < n; i++) {
            params.get(i).zeroGrad();
        }
        double value;
        try (Workspace ws = Workspace.open()) {
            Tensor out = model.forward(batch.x());
            Tensor l = loss.compute(out, target(batch));
            value = l.item();
            l.backward();
            accumulate(out, batch, value, threshold, totals);
        }
        Regularizer reg = fit.regularizer();
        if (reg != null) {
            double penalty = 0;
            for (int i = 0, n = weights.size(); i < n; i++) {
                Parameter p = weights.get(i);
                if (p.trainable()) {
                    penalty += reg.penalty(p);
                    reg.addGradient(p);
                }
            }
            value += penalty;
            totals.lossSum += penalty * batch.size();
        }
        double norm = fit.clipNorm() > 0 ? GradientClipping.clipByGlobalNorm(params, fit.clipNorm())
                : GradientClipping.globalNorm(params);
        if (!Double.isFinite(value) || !Double.isFinite(norm)) {
            throw diverged(value, epoch, index);
        }
        if (fit.clipValue() > 0) {
            GradientClipping.clipByValue(params, fit.clipValue());
        }
        optimizer.step(params);
        if (maxNorm != null) {
            for (int i = 0, n = weights.size(); i < n; i++) {
                maxNorm.apply(weights.get(i));
            }
        }
    }

    /** The decision threshold of a single-column output: 0 for logits, ½ for probabilities. */
    static float binaryThreshold(Loss loss) {
        return loss.name().toLowerCase(Locale.ROOT).contains("logits") ? 0f : 0.5f;
    }

    /**
     * The loss target of a batch: its float targets when it has them (one-hot rows, regression values), else its
     * class labels. Labels still count for the accuracy.
     */
    static Target target(Batch batch) {
        if (batch.y() != null) {
            return Target.values(batch.y());
        }
        if (batch.labels() != null) {
            return Target.labels(batch.labels());
        }
        throw new IllegalArgumentException("Trainer: the data set has neither class labels nor targets; supervised "
                + "training needs one of them");
    }

    /**
     * Adds a batch's loss and, for labelled classification outputs, its correct predictions: the arg-max of each row,
     * or for a single output column whether it exceeds {@code threshold}.
     */
    static void accumulate(Tensor out, Batch batch, double lossValue, float threshold, Totals totals) {
        int b = batch.size();
        totals.lossSum += lossValue * b;
        totals.examples += b;
        int[] labels = batch.labels();
        if (labels == null || out.rank() != 2 || out.dim(0) != b) {
            return;
        }
        Tensor o = out.contiguous();
        float[] d = o.data();
        int off = o.offset();
        int c = o.dim(1);
        for (int i = 0; i < b; i++) {
            int base = off + i * c;
            int predicted;
            if (c == 1) {
                predicted = d[base] > threshold ? 1 : 0;
            } else {
                predicted = 0;
                for (int j = 1; j < c; j++) {
                    if (d[base + j] > d[base + predicted]) {
                        predicted = j;
                    }
                }
            }
            if (predicted == labels[i]) {
                totals.correct++;
            }
        }
        totals.labelled += b;
    }

    private DivergenceException diverged(double lossValue, int epoch, int batch) {
        StringBuilder norms = new StringBuilder();
        Parameter culprit = null;
        double culpritNorm = 0;
        for (Parameter p : params) {
            if (!p.trainable()) {
                continue;
            }
            double s = 0;
            for (float g : p.grads()) {
                s += (double) g * g;
            }
            double n = Math.sqrt(s);
            norms.append(norms.isEmpty() ? "" : ", ").append(p.name()).append('=')
                    .append(String.format(Locale.ROOT, "%.3g", n));
            if (culprit == null && (!Double.isFinite(n) || n > HUGE_GRADIENT)) {
                culprit = p;
                culpritNorm = n;
            }
        }
        String where = "Training diverged at epoch " + (epoch + 1) + ", batch " + (batch + 1) + ": the loss is "
                + lossValue + ". ";
        String what = culprit == null
                ? "No gradient is non-finite or huge; check the inputs and targets for NaN or infinite values. "
                : "The gradients blew up first (in forward order) in '" + culprit.name() + "' of "
                        + (culprit.owner() == null ? "?" : culprit.owner().describe()) + ": gradient norm "
                        + culpritNorm + ". ";
        String fix = "Lower the learning rate (now " + optimizer.learningRate() + "), clip gradients with "
                + "Fit.clipNorm(1.0), or normalize the inputs. Gradient norms: " + norms + ".";
        return new DivergenceException(where + what + fix, epoch, batch, culprit == null ? null : culprit.name());
    }
}
