package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Whole-pixel geometric transforms: shift, flip, crop with padding (row copies, no interpolation). */
final class Geometric {

    private Geometric() {
    }

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    static float[] scratch(int size) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /**
     * Copies {@code src} [C, h, w] into {@code dst} [C, oh, ow] so that dst(y, x) = src(y + oy, x + ox), zeros where
     * that falls outside the source.
     */
    static void window(float[] src, int c, int h, int w, float[] dst, int oh, int ow, int oy, int ox) {
        int x0 = Math.max(0, -ox);
        int x1 = Math.min(ow, w - ox);
        for (int ch = 0; ch < c; ch++) {
            int srcPlane = ch * h * w;
            int dstPlane = ch * oh * ow;
            for (int y = 0; y < oh; y++) {
                int row = dstPlane + y * ow;
                int sy = y + oy;
                if (sy < 0 || sy >= h || x1 <= x0) {
                    Arrays.fill(dst, row, row + ow, 0f);
                    continue;
                }
                Arrays.fill(dst, row, row + x0, 0f);
                System.arraycopy(src, srcPlane + sy * w + x0 + ox, dst, row + x0, x1 - x0);
                Arrays.fill(dst, row + Math.max(x0, x1), row + ow, 0f);
            }
        }
    }

    record Shift(int maxDx, int maxDy) implements Transform {
        Shift {
            if (maxDx < 0 || maxDy < 0) {
                throw new IllegalArgumentException("randomShift: maximum shifts must be >= 0, got " + maxDx + ", "
                        + maxDy);
            }
        }

        @Override public Tensor apply(Tensor image, RandomGenerator rng) {
            int[] s = Transform.chw(image, "randomShift");
            Tensor t = Transform.dense(image);
            int dx = maxDx == 0 ? 0 : rng.nextInt(-maxDx, maxDx + 1);
            int dy = maxDy == 0 ? 0 : rng.nextInt(-maxDy, maxDy + 1);
            if (dx == 0 && dy == 0) {
                return t;
            }
            float[] tmp = scratch(t.size());
            window(t.data(), s[0], s[1], s[2], tmp, s[1], s[2], -dy, -dx);
            System.arraycopy(tmp, 0, t.data(), 0, t.size());
            return t;
        }
    }

    record Flip(double p) implements Transform {
        Flip {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("horizontalFlip: probability must be in [0, 1], got " + p);
            }
        }

        @Override public Tensor apply(Tensor image, RandomGenerator rng) {
            int[] s = Transform.chw(image, "horizontalFlip");
            if (rng.nextDouble() >= p) {
                return image;
            }
            Tensor t = Transform.dense(image);
            float[] d = t.data();
            int w = s[2];
            for (int row = 0, rows = s[0] * s[1]; row < rows; row++) {
                for (int i = row * w, j = i + w - 1; i < j; i++, j--) {
                    float v = d[i];
                    d[i] = d[j];
                    d[j] = v;
                }
            }
            return t;
        }
    }

    record Crop(int height, int width, int padding) implements Transform {
        Crop {
            if (height < 1 || width < 1 || padding < 0) {
                throw new IllegalArgumentException("randomCrop: need height, width >= 1 and padding >= 0, got "
                        + height + ", " + width + ", " + padding);
            }
        }

        @Override public Tensor apply(Tensor image, RandomGenerator rng) {
            int[] s = Transform.chw(image, "randomCrop");
            int ph = s[1] + 2 * padding;
            int pw = s[2] + 2 * padding;
            if (height > ph || width > pw) {
                throw new IllegalArgumentException("randomCrop(" + height + "x" + width + ", padding " + padding
                        + ") cannot cut that window from an image " + image.shape());
            }
            Tensor t = Transform.dense(image);
            int oy = rng.nextInt(ph - height + 1) - padding;
            int ox = rng.nextInt(pw - width + 1) - padding;
            if (height == s[1] && width == s[2]) {
                if (oy == 0 && ox == 0) {
                    return t;
                }
                float[] tmp = scratch(t.size());
                window(t.data(), s[0], s[1], s[2], tmp, height, width, oy, ox);
                System.arraycopy(tmp, 0, t.data(), 0, t.size());
                return t;
            }
            float[] out = new float[s[0] * height * width];
            window(t.data(), s[0], s[1], s[2], out, height, width, oy, ox);
            return Tensor.of(out, s[0], height, width);
        }
    }
}
