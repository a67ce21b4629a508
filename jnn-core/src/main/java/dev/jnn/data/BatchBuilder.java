package dev.jnn.data;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.util.SplittableRandom;

/** Assembles one batch from data-set indices, applying the augmentation per example; used by one thread at a time. */
final class BatchBuilder {

    private static final long AUGMENT_STREAM = 0x5DEECE66DL;

    private final Dataset dataset;
    private final Transform augment;
    private final long augmentSeed;
    private final int[] featureDims;
    private final int featureSize;
    private final float[] scratch;

    BatchBuilder(Dataset dataset, Transform augment, long seed, int epoch) {
        this.dataset = dataset;
        this.augment = augment;
        this.augmentSeed = DataLoader.mix(seed ^ AUGMENT_STREAM, epoch);
        this.featureDims = dataset.featureShape().toArray();
        this.featureSize = dataset.featureShape().size();
        this.scratch = augment == null ? null : new float[featureSize];
    }

    /** The batch of the examples {@code order[from .. to)}. */
    Batch build(int[] order, int from, int to) {
        int b = to - from;
        int[] indices = new int[b];
        System.arraycopy(order, from, indices, 0, b);
        int[] labels = dataset.hasLabels() ? new int[b] : null;
        Shape targetShape = dataset.targetShape();
        int targetSize = targetShape == null ? 0 : targetShape.size();
        float[] y = targetShape == null ? null : new float[b * targetSize];
        float[] x = null;
        int[] outDims = null;
        int outSize = 0;
        TensorDataset fast = dataset instanceof TensorDataset t ? t : null;
        for (int k = 0; k < b; k++) {
            int index = indices[k];
            Tensor features;
            Example example = null;
            if (fast != null) {
                if (labels != null) {
                    labels[k] = fast.label(index);
                }
                if (y != null) {
                    fast.copyTarget(index, y, k * targetSize);
                }
                if (augment == null) {
                    if (x == null) {
                        outDims = featureDims;
                        outSize = featureSize;
                        x = new float[b * outSize];
                    }
                    fast.copyFeatures(index, x, k * outSize);
                    continue;
                }
                fast.copyFeatures(index, scratch, 0);
                features = Tensor.of(scratch, featureDims);
            } else {
                example = dataset.get(index);
                if (labels != null) {
                    labels[k] = example.label();
                }
                if (y != null) {
                    copyInto(example.target(), y, k * targetSize, "target", index);
                }
                features = example.x();
                if (augment != null) {
                    // The transform may work in place: give it a private copy, never the data set's own array.
                    copyInto(features, scratch, 0, "features", index);
                    features = Tensor.of(scratch, featureDims);
                }
            }
            if (augment != null) {
                features = augment.apply(features, new SplittableRandom(DataLoader.mix(augmentSeed, from + k)));
            }
            if (x == null) {
                outDims = features.shape().toArray();
                outSize = features.size();
                x = new float[b * outSize];
            } else if (features.size() != outSize) {
                throw new IllegalStateException("DataLoader: example " + index + " has features of shape "
                        + features.shape() + " but earlier examples of the batch had " + Shape.of(outDims)
                        + "; every example of a batch needs the same shape (resize in the augmentation)");
            }
            copyInto(features, x, k * outSize, "features", index);
        }
        int[] dims = new int[outDims.length + 1];
        dims[0] = b;
        System.arraycopy(outDims, 0, dims, 1, outDims.length);
        Tensor yt = null;
        if (y != null) {
            int[] ydims = new int[targetShape.rank() + 1];
            ydims[0] = b;
            System.arraycopy(targetShape.toArray(), 0, ydims, 1, targetShape.rank());
            yt = Tensor.of(y, ydims);
        }
        return new Batch(Tensor.of(x, dims), labels, yt, indices);
    }

    private static void copyInto(Tensor t, float[] dst, int offset, String what, int index) {
        if (t == null) {
            throw new IllegalStateException("DataLoader: example " + index + " has no " + what);
        }
        if (t.isContiguous()) {
            System.arraycopy(t.data(), t.offset(), dst, offset, t.size());
        } else {
            System.arraycopy(t.toArray(), 0, dst, offset, t.size());
        }
    }
}
