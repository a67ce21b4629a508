package dev.jnn.train;

/**
 * Evaluation metrics on plain arrays. Classification scores are {@code [N, C]} row-major (logits or probabilities:
 * only their order matters) with integer labels in {@code [0, C)}; regression metrics compare two arrays of equal
 * length. Sums are taken in double. For per-class precision, recall and F1 see {@link ConfusionMatrix}.
 *
 * <p>Ties: the predicted class is the first index of the maximum score, and top-k ranks a label below every class
 * with a higher score and every class with an equal score and a smaller index, so top-1 accuracy equals accuracy.
 */
public final class Metrics {

    private Metrics() {}

    /** The predicted class of each row: the index of its largest score (the first one on ties). */
    public static int[] argmax(float[] scores, int n, int classes) {
        checkScores("argmax", scores, n, classes);
        int[] out = new int[n];
        for (int r = 0; r < n; r++) {
            int base = r * classes;
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[base + c] > scores[base + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    /** Fraction of rows whose highest score is at the label. */
    public static double accuracy(float[] scores, int n, int classes, int[] labels) {
        return topKAccuracy(scores, n, classes, labels, 1);
    }

    /** Fraction of positions where {@code predicted[i] == labels[i]}. */
    public static double accuracy(int[] predicted, int[] labels) {
        if (predicted.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("accuracy: need equally long non-empty arrays, got "
                    + predicted.length + " predictions and " + labels.length + " labels");
        }
        int hits = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                hits++;
            }
        }
        return (double) hits / labels.length;
    }

    /** Fraction of rows whose label is among the {@code k} highest scores (ties as in the class comment). */
    public static double topKAccuracy(float[] scores, int n, int classes, int[] labels, int k) {
        checkScores("topKAccuracy", scores, n, classes);
        checkLabels("topKAccuracy", labels, n, classes);
        if (k < 1 || k > classes) {
            throw new IllegalArgumentException("topKAccuracy: k must be in [1, " + classes + "], got " + k);
        }
        int hits = 0;
        for (int r = 0; r < n; r++) {
            int base = r * classes;
            int y = labels[r];
            float sy = scores[base + y];
            int rank = 0;
            for (int c = 0; c < classes && rank < k; c++) {
                float s = scores[base + c];
                if (s > sy || (s == sy && c < y)) {
                    rank++;
                }
            }
            if (rank < k) {
                hits++;
            }
        }
        return (double) hits / n;
    }

    /** Mean squared error, {@code (1/n)·Σ(p − t)²}. */
    public static double mse(float[] predicted, float[] target) {
        checkPair("mse", predicted, target);
        double s = 0;
        for (int i = 0; i < target.length; i++) {
            double d = (double) predicted[i] - target[i];
            s += d * d;
        }
        return s / target.length;
    }

    /** Root mean squared error, {@code √mse}: in the units of the target. */
    public static double rmse(float[] predicted, float[] target) {
        return Math.sqrt(mse(predicted, target));
    }

    /** Mean absolute error, {@code (1/n)·Σ|p − t|}. */
    public static double mae(float[] predicted, float[] target) {
        checkPair("mae", predicted, target);
        double s = 0;
        for (int i = 0; i < target.length; i++) {
            s += Math.abs((double) predicted[i] - target[i]);
        }
        return s / target.length;
    }

    static void checkScores(String metric, float[] scores, int n, int classes) {
        if (n < 1 || classes < 1 || (long) n * classes != scores.length) {
            throw new IllegalArgumentException(metric + ": scores must be [N, C] = [" + n + ", " + classes
                    + "] with N, C >= 1, i.e. " + ((long) n * classes) + " values, but the array holds "
                    + scores.length);
        }
    }

    static void checkLabels(String metric, int[] labels, int n, int classes) {
        if (labels.length != n) {
            throw new IllegalArgumentException(metric + ": " + n + " rows of scores but " + labels.length
                    + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(metric + ": label " + labels[i] + " at row " + i
                        + " is outside [0, " + classes + ")");
            }
        }
    }

    private static void checkPair(String metric, float[] predicted, float[] target) {
        if (predicted.length != target.length || target.length == 0) {
            throw new IllegalArgumentException(metric + ": need equally long non-empty arrays, got "
                    + predicted.length + " predictions and " + target.length + " targets");
        }
    }
}
