package dev.jnn.data;

import dev.jnn.tensor.Tensor;

/**
 * Per-feature scaling fitted on training features only and then applied unchanged to every split:
 * x' = (x - shift[j]) / scale[j]. {@link #standardize} uses the mean and standard deviation, {@link #minMax}
 * the minimum and range (to [0, 1]). A constant feature gets scale 1 (no division by zero).
 *
 * <pre>{@code
 * Scaler s = Scaler.standardize(split.train());   // statistics from the training split only
 * TensorDataset train = s.apply(split.train()), validation = s.apply(split.validation());
 * }</pre>
 */
public record Scaler(float[] shift, float[] scale) {

    public Scaler {
        if (shift.length != scale.length) {
            throw new IllegalArgumentException("Scaler: " + shift.length + " shifts but " + scale.length + " scales");
        }
        shift = shift.clone();
        scale = scale.clone();
    }

    /** Mean 0, standard deviation 1 per feature (population std, two-pass for accuracy). */
    public static Scaler standardize(Tensor features) {
        float[] x = features.toArray();
        int n = features.shape().dim(0);
        int f = check(features, "standardize");
        double[] mean = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                mean[j] += x[i * f + j];
            }
        }
        double[] var = new double[f];
        for (int j = 0; j < f; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double d = x[i * f + j] - mean[j];
                var[j] += d * d;
            }
        }
        float[] shift = new float[f];
        float[] scale = new float[f];
        for (int j = 0; j < f; j++) {
            shift[j] = (float) mean[j];
            double sd = Math.sqrt(var[j] / n);
            scale[j] = sd > 0 ? (float) sd : 1f;
        }
        return new Scaler(shift, scale);
    }

    /** Minimum 0 and maximum 1 per feature on the fitted data. */
    public static Scaler minMax(Tensor features) {
        float[] x = features.toArray();
        int n = features.shape().dim(0);
        int f = check(features, "minMax");
        float[] lo = new float[f];
        float[] hi = new float[f];
        java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                lo[j] = Math.min(lo[j], x[i * f + j]);
                hi[j] = Math.max(hi[j], x[i * f + j]);
            }
        }
        float[] scale = new float[f];
        for (int j = 0; j < f; j++) {
            scale[j] = hi[j] > lo[j] ? hi[j] - lo[j] : 1f;
        }
        return new Scaler(lo, scale);
    }

    /** Fits on a data set's features (e.g. the training split of {@link Splits}). */
    public static Scaler standardize(Dataset train) {
        return standardize(stack(train));
    }

    public static Scaler minMax(Dataset train) {
        return minMax(stack(train));
    }

    private static int check(Tensor features, String op) {
        int n = features.rank() == 0 ? 0 : features.shape().dim(0);
        if (n == 0) {
            throw new IllegalArgumentException("Scaler." + op + ": needs features [N, ...] with N >= 1, got "
                    + features.shape());
        }
        return features.size() / n;
    }

    private static Tensor stack(Dataset data) {
        int n = data.size();
        int f = data.featureShape().size();
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data.get(i).x().toArray(), 0, x, i * f, f);
        }
        return Tensor.of(x, n, f);
    }

    /** The scaled features, same shape (a new tensor). */
    public Tensor apply(Tensor features) {
        int n = features.rank() == 0 ? 0 : features.shape().dim(0);
        int f = n == 0 ? 0 : features.size() / n;
        if (f != shift.length) {
            throw new IllegalArgumentException("Scaler fitted on " + shift.length + " features cannot scale "
                    + features.shape());
        }
        float[] x = features.toArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (x[i * f + j] - shift[j]) / scale[j];
            }
        }
        return Tensor.of(x, features.shape().toArray());
    }

    /** The data set with scaled features, labels and targets kept. */
    public TensorDataset apply(TensorDataset data) {
        return data.withFeatures(apply(data.features()));
    }

    /** Any data set (e.g. a validation split) held in memory with scaled features. */
    public TensorDataset apply(Dataset data) {
        return apply(TensorDataset.copyOf(data));
    }

    @Override public float[] shift() {
        return shift.clone();
    }

    @Override public float[] scale() {
        return scale.clone();
    }
}
