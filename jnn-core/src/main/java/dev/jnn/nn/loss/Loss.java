package dev.jnn.nn.loss;

import dev.jnn.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * A training objective: {@link #compute} maps a prediction and a {@link Target} to a scalar tensor to call
 * {@code backward()} on. All losses average over the examples except {@link #sumOfSquares()}.
 *
 * <p>Targets are either float {@link Target.Values} or integer {@link Target.Labels}; the convenience overloads
 * {@code compute(prediction, Tensor)} and {@code compute(prediction, int[])} wrap them. A loss given the kind it cannot
 * use fails with a message naming the loss that can.
 * <pre>{@code
 * Loss loss = Loss.crossEntropy();              // labels or probability rows, on logits
 * Tensor l = loss.compute(model.forward(x), labels);
 * l.backward();
 * }</pre>
 */
public interface Loss {

    /** The loss of {@code prediction} against {@code target}, a scalar tensor. */
    Tensor compute(Tensor prediction, Target target);

    /** Short name for logs and histories, e.g. {@code "mse"}. */
    String name();

    /** {@code compute(prediction, Target.values(target))}. */
    default Tensor compute(Tensor prediction, Tensor target) {
        return compute(prediction, Target.values(target));
    }

    /** {@code compute(prediction, Target.labels(labels))}. */
    default Tensor compute(Tensor prediction, int[] labels) {
        return compute(prediction, Target.labels(labels));
    }

    /** A loss from a name and a function (for user-defined losses). */
    static Loss of(String name, BiFunction<Tensor, Target, Tensor> function) {
        return new Named(name, function);
    }

    /** Mean squared error (float targets). */
    static Loss mse() {
        return of("mse", (p, t) -> Losses.mse(p, t.requireValues("mse")));
    }

    /** ½·Σ(ŷ − y)², summed over every element (float targets). */
    static Loss sumOfSquares() {
        return of("sumOfSquares", (p, t) -> Losses.sumOfSquares(p, t.requireValues("sumOfSquares")));
    }

    /** Mean absolute error (float targets). */
    static Loss mae() {
        return of("mae", (p, t) -> Losses.mae(p, t.requireValues("mae")));
    }

    /**
     * Binary cross-entropy on probabilities (after a sigmoid), clamped. Targets: floats in [0, 1] of the
     * prediction's shape, or 0/1 labels (one per element of the prediction).
     */
    static Loss binaryCrossEntropy() {
        return of("binaryCrossEntropy", (p, t) -> Losses.binaryCrossEntropy(p, binaryTargets(p, t)));
    }

    /** Binary cross-entropy on logits (before the sigmoid), stable. Targets as for {@link #binaryCrossEntropy()}. */
    static Loss binaryCrossEntropyWithLogits() {
        return of("binaryCrossEntropyWithLogits",
                (p, t) -> Losses.binaryCrossEntropyWithLogits(p, binaryTargets(p, t)));
    }

    /** Categorical cross-entropy on logits against one-hot or probability rows; class labels are accepted too. */
    static Loss categoricalCrossEntropy() {
        return of("categoricalCrossEntropy", (p, t) -> t instanceof Target.Labels l
                ? Losses.sparseCategoricalCrossEntropy(p, l.labels())
                : Losses.categoricalCrossEntropy(p, t.requireValues("categoricalCrossEntropy")));
    }

    /** Sparse categorical cross-entropy on logits against integer class labels. */
    static Loss sparseCategoricalCrossEntropy() {
        return of("sparseCategoricalCrossEntropy", (p, t) -> Losses.sparseCategoricalCrossEntropy(p,
                t.requireLabels("sparseCategoricalCrossEntropy")));
    }

    /** Softmax cross-entropy on logits: labels (sparse) or probability rows (categorical), whichever is given. */
    static Loss crossEntropy() {
        return of("crossEntropy", categoricalCrossEntropy()::compute);
    }

    private static Tensor binaryTargets(Tensor prediction, Target t) {
        if (t instanceof Target.Labels l) {
            int[] labels = l.labels();
            if (labels.length != prediction.size()) {
                throw new IllegalArgumentException("binary cross-entropy: " + labels.length + " labels for a prediction"
                        + " of shape " + prediction.shape() + "; give one 0/1 label per element");
            }
            float[] v = new float[labels.length];
            for (int i = 0; i < v.length; i++) {
                if (labels[i] != 0 && labels[i] != 1) {
                    throw new IllegalArgumentException("binary cross-entropy: label " + labels[i] + " at " + i
                            + " is not 0 or 1");
                }
                v[i] = labels[i];
            }
            return Tensor.of(v, prediction.shape().toArray());
        }
        return t.requireValues("binary cross-entropy");
    }

    /** A loss given by a name and a function. */
    record Named(String name, BiFunction<Tensor, Target, Tensor> function) implements Loss {
        @Override
        public Tensor compute(Tensor prediction, Target target) {
            return function.apply(prediction, target);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
