package dev.jnn.nn.loss;

import dev.jnn.tensor.Tensor;

/**
 * What a prediction is compared with: float {@link Values} (regression targets, probabilities, one-hot rows) or
 * integer class {@link Labels}. One type for both lets every {@link Loss} have the single method {@code compute(
 * prediction, target)}, and lets a loss accept either kind where both make sense (cross-entropy takes labels or
 * probability rows) and reject the other with a message that names the fix.
 */
public sealed interface Target {

    /** Float targets, compared element by element with the prediction (same shape). */
    record Values(Tensor values) implements Target {
        public Values {
            if (values == null) {
                throw new IllegalArgumentException("Target.values: the tensor is null");
            }
        }
    }

    /** One class index per example, in {@code [0, classes)}. */
    record Labels(int[] labels) implements Target {
        public Labels {
            if (labels == null) {
                throw new IllegalArgumentException("Target.labels: the array is null");
            }
        }
    }

    static Target values(Tensor values) {
        return new Values(values);
    }

    static Target labels(int... labels) {
        return new Labels(labels);
    }

    /** The float targets, or an error naming {@code loss} when these are labels. */
    default Tensor requireValues(String loss) {
        if (this instanceof Values v) {
            return v.values();
        }
        throw new IllegalArgumentException(loss + ": needs float targets of the prediction's shape, got class labels;"
                + " pass one-hot rows (Target.values) or use a classification loss such as"
                + " Loss.sparseCategoricalCrossEntropy()");
    }

    /** The class labels, or an error naming {@code loss} when these are float values. */
    default int[] requireLabels(String loss) {
        if (this instanceof Labels l) {
            return l.labels();
        }
        throw new IllegalArgumentException(loss + ": needs integer class labels, got float targets of shape "
                + ((Values) this).values().shape() + "; for one-hot or probability rows use"
                + " Loss.categoricalCrossEntropy()");
    }
}
