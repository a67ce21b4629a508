package dev.jnn.train;

import java.util.Arrays;
import java.util.Locale;

/**
 * Counts of (actual, predicted) class pairs, {@code counts[actual·classes + predicted]}: rows are the true classes,
 * columns the predictions. Precision, recall and F1 per class and their macro averages (unweighted means over
 * classes, F1 averaged per class as scikit-learn does). A ratio with a zero denominator (a class never predicted or
 * never present) counts as 0. {@link #toString()} prints a table.
 */
public record ConfusionMatrix(int classes, long[] counts) {

    public ConfusionMatrix {
        if (classes < 1 || counts.length != (long) classes * classes) {
            throw new IllegalArgumentException("ConfusionMatrix: " + classes + " classes need " + classes + "×"
                    + classes + " counts, got " + counts.length);
        }
        counts = counts.clone();
    }

    /** From predicted and true classes. */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + actual.length + " labels but "
                    + predicted.length + " predictions");
        }
        Metrics.checkLabels("ConfusionMatrix (labels)", actual, actual.length, classes);
        Metrics.checkLabels("ConfusionMatrix (predictions)", predicted, predicted.length, classes);
        long[] c = new long[classes * classes];
        for (int i = 0; i < actual.length; i++) {
            c[actual[i] * classes + predicted[i]]++;
        }
        return new ConfusionMatrix(classes, c);
    }

    /** From scores {@code [N, C]} (argmax is the prediction) and labels. */
    public static ConfusionMatrix ofScores(float[] scores, int n, int classes, int[] labels) {
        return of(labels, Metrics.argmax(scores, n, classes), classes);
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public long count(int actual, int predicted) {
        return counts[actual * classes + predicted];
    }

    /** Sum of two matrices, e.g. of two batches. */
    public ConfusionMatrix plus(ConfusionMatrix other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("ConfusionMatrix.plus: " + classes + " vs " + other.classes
                    + " classes");
        }
        long[] c = counts.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += other.counts[i];
        }
        return new ConfusionMatrix(classes, c);
    }

    public long total() {
        long t = 0;
        for (long v : counts) {
            t += v;
        }
        return t;
    }

    /** Number of examples whose true class is {@code c} (the row sum). */
    public long support(int c) {
        long s = 0;
        for (int p = 0; p < classes; p++) {
            s += count(c, p);
        }
        return s;
    }

    /** Number of examples predicted as {@code c} (the column sum). */
    public long predictedCount(int c) {
        long s = 0;
        for (int a = 0; a < classes; a++) {
            s += count(a, c);
        }
        return s;
    }

    public double accuracy() {
        long hits = 0;
        for (int c = 0; c < classes; c++) {
            hits += count(c, c);
        }
        return ratio(hits, total());
    }

    /** TP / (TP + FP): of the examples predicted {@code c}, the share that is {@code c}. */
    public double precision(int c) {
        return ratio(count(c, c), predictedCount(c));
    }

    /** TP / (TP + FN): of the examples that are {@code c}, the share predicted {@code c}. */
    public double recall(int c) {
        return ratio(count(c, c), support(c));
    }

    /** Harmonic mean of precision and recall, {@code 2PR/(P + R)}. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < classes; c++) {
            s += precision(c);
        }
        return s / classes;
    }

    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < classes; c++) {
            s += recall(c);
        }
        return s / classes;
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < classes; c++) {
            s += f1(c);
        }
        return s / classes;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.classes == classes && Arrays.equals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * classes + Arrays.hashCode(counts);
    }

    /** The table, rows = actual, columns = predicted, then precision, recall, F1 and support per class. */
    @Override
    public String toString() {
        int width = 6;
        for (long v : counts) {
            width = Math.max(width, Long.toString(v).length() + 1);
        }
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-16s", "actual\\predicted"));
        for (int p = 0; p < classes; p++) {
            sb.append(String.format(Locale.ROOT, "%" + width + "d", p));
        }
        sb.append(String.format(Locale.ROOT, "  %9s %9s %9s %9s%n", "precision", "recall", "f1", "support"));
        for (int a = 0; a < classes; a++) {
            sb.append(String.format(Locale.ROOT, "%16d", a));
            for (int p = 0; p < classes; p++) {
                sb.append(String.format(Locale.ROOT, "%" + width + "d", count(a, p)));
            }
            sb.append(String.format(Locale.ROOT, "  %9.4f %9.4f %9.4f %9d%n", precision(a), recall(a), f1(a), support(a)));
        }
        sb.append(String.format(Locale.ROOT, "%-16s", "macro avg")).append(" ".repeat(width * classes))
                .append(String.format(Locale.ROOT, "  %9.4f %9.4f %9.4f %9d%n", macroPrecision(), macroRecall(), macroF1(),
                        total()));
        sb.append(String.format(Locale.ROOT, "accuracy %.4f of %d", accuracy(), total()));
        return sb.toString();
    }
}
