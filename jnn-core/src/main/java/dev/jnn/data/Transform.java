package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A (usually random) change to one image tensor {@code [C, H, W]} (any channel count), applied per example by
 * {@link DataLoader#augment}. Transforms compose with {@link #then}; all randomness comes from the generator passed
 * in, which the loader seeds from its seed, the epoch and the example's position.
 *
 * <p>A transform may modify its input in place and return it (the loader always passes a private copy); geometric
 * transforms that keep the size resample into a per-thread scratch buffer and copy back, so steady-state
 * augmentation allocates little.
 *
 * <pre>{@code
 * Transform t = Transform.randomCrop(32, 32, 4).then(Transform.horizontalFlip(0.5))
 *         .then(Transform.normalize(new float[] {0.49f, 0.48f, 0.45f}, new float[] {0.25f, 0.24f, 0.26f}));
 * }</pre>
 */
@FunctionalInterface
public interface Transform {

    /** Transforms {@code image} [C, H, W]; may work in place and return {@code image}. */
    Tensor apply(Tensor image, RandomGenerator rng);

    /** This transform, then {@code next}. */
    default Transform then(Transform next) {
        return (image, rng) -> next.apply(apply(image, rng), rng);
    }

    /** The transforms applied in order. */
    static Transform compose(Transform... transforms) {
        Transform[] ts = transforms.clone();
        return (image, rng) -> {
            Tensor t = image;
            for (Transform tr : ts) {
                t = tr.apply(t, rng);
            }
            return t;
        };
    }

    /** Moves the image by a whole number of pixels, uniform in [-maxDx, maxDx] × [-maxDy, maxDy]; fills zeros. */
    static Transform randomShift(int maxDx, int maxDy) {
        return new Geometric.Shift(maxDx, maxDy);
    }

    /** Rotates about the centre by an angle uniform in [-maxDegrees, maxDegrees], bilinear, zeros outside. */
    static Transform randomRotation(double maxDegrees) {
        return new Affine.Rotation(maxDegrees);
    }

    /** Zooms about the centre by a factor uniform in [min, max] (same output size), bilinear, zeros outside. */
    static Transform randomScale(double min, double max) {
        return new Affine.Zoom(min, max);
    }

    /** Resizes to {@code height × width} with bilinear interpolation (deterministic). */
    static Transform resize(int height, int width) {
        return new Affine.Resize(height, width);
    }

    /** Mirrors left-right with probability {@code p}. */
    static Transform horizontalFlip(double p) {
        return new Geometric.Flip(p);
    }

    /** Pads every side with {@code padding} zeros, then cuts a random {@code height × width} window. */
    static Transform randomCrop(int height, int width, int padding) {
        return new Geometric.Crop(height, width, padding);
    }

    /** Adds a value uniform in [-maxDelta, maxDelta] to every pixel. */
    static Transform brightness(double maxDelta) {
        return new Photometric.Brightness(maxDelta);
    }

    /** Scales each channel's deviation from its mean by a factor uniform in [lower, upper]. */
    static Transform contrast(double lower, double upper) {
        return new Photometric.Contrast(lower, upper);
    }

    /** (x - mean[c]) / std[c] per channel c (deterministic). */
    static Transform normalize(float[] mean, float[] std) {
        return new Photometric.Normalize(mean.clone(), std.clone());
    }

    /** The image's [C, H, W], checking the rank; names the transform in the error. */
    static int[] chw(Tensor image, String op) {
        if (image.rank() != 3) {
            throw new IllegalArgumentException(op + " needs an image tensor [C, H, W], got shape " + image.shape()
                    + "; reshape [H, W] images to [1, H, W]");
        }
        return image.shape().toArray();
    }

    /** A contiguous tensor with offset 0 whose array is exactly its size: {@code image} itself when it is one. */
    static Tensor dense(Tensor image) {
        if (image.isContiguous() && image.offset() == 0 && image.data().length == image.size()) {
            return image;
        }
        return Tensor.of(image.toArray(), image.shape().toArray());
    }

    /** Uniform in [lo, hi]; exactly lo when the range is empty, so that e.g. shift(0, 0) draws nothing odd. */
    static double uniform(RandomGenerator rng, double lo, double hi) {
        return hi > lo ? lo + (hi - lo) * rng.nextDouble() : lo;
    }

    /** Checks a float array argument (e.g. normalize's mean) for finite values. */
    static void requireFinite(float[] values, String what) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(what + " must be finite, got " + Arrays.toString(values));
            }
        }
    }
}
