package dev.jnn.cli;

import dev.jnn.data.Dataset;
import dev.jnn.data.Scaler;
import dev.jnn.data.TensorDataset;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;

/**
 * Standardization per channel, as image pipelines do it (torchvision's {@code Normalize(mean, std)}): one mean and one
 * standard deviation per channel (dimension 1 of the features [N, C, ...]) over all examples and positions of the
 * training data, then x' = (x − mean[c]) / std[c] for every split. Unlike a per-pixel {@link Scaler#standardize}, it
 * keeps the spatial structure (a border pixel that is always 0 is not blown up). For features [N, F] each feature is
 * its own channel. Fashion-MNIST's training images give mean 0.2860 and std 0.3530.
 */
final class ChannelStandardization {

    private ChannelStandardization() {}

    /** The per-channel statistics of {@code train}, as a {@link Scaler} over the flattened features. */
    static Scaler fit(Dataset train) {
        Tensor x = TensorDataset.copyOf(train).features().contiguous();
        int n = x.dim(0);
        int channels = x.rank() > 1 ? x.dim(1) : 1;
        int perExample = x.size() / Math.max(1, n);
        int positions = perExample / channels;
        float[] data = x.data();
        int base = x.offset();
        double[] mean = new double[channels];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int from = base + i * perExample + c * positions;
                double s = 0;
                for (int p = 0; p < positions; p++) {
                    s += data[from + p];
                }
                mean[c] += s;
            }
        }
        double count = (double) n * positions;
        for (int c = 0; c < channels; c++) {
            mean[c] /= count;
        }
        double[] var = new double[channels]; // second pass: sum of squared deviations, never E[x²] − E[x]²
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int from = base + i * perExample + c * positions;
                double s = 0;
                for (int p = 0; p < positions; p++) {
                    double d = data[from + p] - mean[c];
                    s += d * d;
                }
                var[c] += s;
            }
        }
        float[] shift = new float[perExample];
        float[] scale = new float[perExample];
        for (int c = 0; c < channels; c++) {
            double sd = Math.sqrt(var[c] / count);
            Arrays.fill(shift, c * positions, (c + 1) * positions, (float) mean[c]);
            Arrays.fill(scale, c * positions, (c + 1) * positions, sd > 0 ? (float) sd : 1f);
        }
        return new Scaler(shift, scale);
    }
}
