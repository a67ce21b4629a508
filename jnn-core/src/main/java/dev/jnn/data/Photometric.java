package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.util.random.RandomGenerator;

/** Pixel-value transforms: brightness, contrast, per-channel normalization (all in place). */
final class Photometric {

    private Photometric() {
    }

    record Brightness(double maxDelta) implements Transform {
        Brightness {
            if (!(maxDelta >= 0 && Double.isFinite(maxDelta))) {
                throw new IllegalArgumentException("brightness: maximum delta must be finite and >= 0, got "
                        + maxDelta);
            }
        }

        @Override public Tensor apply(Tensor image, RandomGenerator rng) {
            Transform.chw(image, "brightness");
            Tensor t = Transform.dense(image);
            float delta = (float) Transform.uniform(rng, -maxDelta, maxDelta);
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] += delta;
            }
            return t;
        }
    }

    record Contrast(double lower, double upper) implements Transform {
        Contrast {
            if (!(lower >= 0 && upper >= lower && Double.isFinite(upper))) {
                throw new IllegalArgumentException("contrast: need 0 <= lower <= upper, got " + lower + ", "
                        + upper);
            }
        }

        @Override public Tensor apply(Tensor image, RandomGenerator rng) {
            int[] s = Transform.chw(image, "contrast");
            Tensor t = Transform.dense(image);
            float f = (float) Transform.uniform(rng, lower, upper);
            float[] d = t.data();
            int plane = s[1] * s[2];
            for (int c = 0; c < s[0]; c++) {
                int from = c * plane, to = from + plane;
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += d[i];
                }
                float mean = (float) (sum / plane);
                for (int i = from; i < to; i++) {
                    d[i] = mean + (d[i] - mean) * f;
                }
            }
            return t;
        }
    }

    record Normalize(float[] mean, float[] std) implements Transform {
        Normalize {
            if (mean.length != std.length || mean.length == 0) {
                throw new IllegalArgumentException("normalize: need one mean and one std per channel, got "
                        + mean.length + " means and " + std.length + " stds");
            }
            Transform.requireFinite(mean, "normalize: mean");
            Transform.requireFinite(std, "normalize: std");
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("normalize: every std must be > 0, got " + s);
                }
            }
        }

        @Override public Tensor apply(Tensor image, RandomGenerator rng) {
            int[] s = Transform.chw(image, "normalize");
            if (s[0] != mean.length) {
                throw new IllegalArgumentException("normalize: has " + mean.length + " channel means but the image "
                        + image.shape() + " has " + s[0] + " channels");
            }
            Tensor t = Transform.dense(image);
            float[] d = t.data();
            int plane = s[1] * s[2];
            for (int c = 0; c < s[0]; c++) {
                float m = mean[c], inv = 1f / std[c];
                for (int i = c * plane, to = i + plane; i < to; i++) {
                    d[i] = (d[i] - m) * inv;
                }
            }
            return t;
        }
    }
}
