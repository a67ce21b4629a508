package dev.jnn.nn.loss;

import dev.jnn.nn.activation.Activations;
import dev.jnn.tensor.Tensor;

/**
 * Loss functions on tensors; each returns a scalar tensor ready for {@code backward()}. Prediction and float target
 * must have the same shape (no broadcasting: a {@code [N, 1]} prediction against a {@code [N]} target is the classic
 * silent bug, so it is an error). {@link Loss} wraps each as an object for trainers.
 */
public final class Losses {

    /** Keras' clamp for probabilities: {@code p ∈ [1e-7, 1 − 1e-7]}. */
    public static final float PROBABILITY_EPSILON = 1e-7f;

    private Losses() {}

    /** Mean squared error {@code (1/n) Σ (ŷ − y)²} over all n elements. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        sameShape("mse", prediction, target);
        return prediction.sub(target).square().mean();
    }

    /** The "sum of squares" loss {@code ½ Σ (ŷ − y)²} over all elements (not averaged; its gradient is ŷ − y). */
    public static Tensor sumOfSquares(Tensor prediction, Tensor target) {
        sameShape("sumOfSquares", prediction, target);
        return prediction.sub(target).square().sum().mul(0.5f);
    }

    /** Mean absolute error {@code (1/n) Σ |ŷ − y|}. */
    public static Tensor mae(Tensor prediction, Tensor target) {
        sameShape("mae", prediction, target);
        return prediction.sub(target).abs().mean();
    }

    /**
     * Binary cross-entropy of probabilities {@code p} against targets {@code y ∈ [0, 1]}:
     * {@code −(1/n) Σ [y·log p + (1 − y)·log(1 − p)]}, with p clamped to {@code [ε, 1 − ε]} so that log never sees 0
     * (ε = {@link #PROBABILITY_EPSILON}; clamped elements get no gradient). Prefer {@link #binaryCrossEntropyWithLogits}
     * after a final linear layer: it is exact where this one clamps.
     */
    public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor target) {
        sameShape("binaryCrossEntropy", probabilities, target);
        Tensor p = probabilities.maximum(PROBABILITY_EPSILON).minimum(1f - PROBABILITY_EPSILON);
        Tensor positive = target.mul(p.log());
        Tensor negative = target.neg().add(1f).mul(p.neg().add(1f).log());
        return positive.add(negative).mean().neg();
    }

    /**
     * Binary cross-entropy of logits {@code z} (before the sigmoid), computed stably as
     * {@code (1/n) Σ [softplus(z) − z·y]}, which equals {@code −[y·log σ(z) + (1 − y)·log(1 − σ(z))]} without ever
     * forming σ(z); its gradient is {@code (σ(z) − y)/n}.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        sameShape("binaryCrossEntropyWithLogits", logits, target);
        return Activations.softplus(logits).sub(logits.mul(target)).mean();
    }

    /**
     * Categorical cross-entropy of logits {@code z} {@code [N, C]} (classes on the last axis) against probability
     * rows {@code y} (one-hot or soft labels): {@code −(1/N) Σᵢ Σ_c y_ic · log softmax(z)_ic}, where N counts all
     * positions other than the class axis. Stable: uses log-softmax, never log of a softmax.
     */
    public static Tensor categoricalCrossEntropy(Tensor logits, Tensor target) {
        sameShape("categoricalCrossEntropy", logits, target);
        if (logits.rank() < 1) {
            throw new IllegalArgumentException("categoricalCrossEntropy: logits need a class axis, got a scalar");
        }
        int rows = logits.size() / Math.max(1, logits.dim(-1));
        return target.mul(logits.logSoftmax(-1)).sum().mul(-1f / Math.max(1, rows));
    }

    /**
     * Sparse categorical cross-entropy of logits {@code [N, C]} against class labels {@code [N]}:
     * {@code −(1/N) Σᵢ log softmax(z)ᵢ,labelᵢ} (the fused, stable {@link Tensor#crossEntropy(int[])}).
     */
    public static Tensor sparseCategoricalCrossEntropy(Tensor logits, int[] labels) {
        return logits.crossEntropy(labels);
    }

    static void sameShape(String loss, Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException(loss + ": prediction " + prediction.shape() + " and target "
                    + target.shape() + " differ in shape; reshape the target to " + prediction.shape()
                    + " (losses do not broadcast)");
        }
    }
}
