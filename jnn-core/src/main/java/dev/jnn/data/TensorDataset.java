package dev.jnn.data;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A data set held in memory: features {@code [N, ...]} and int class labels {@code [N]} and/or float targets
 * {@code [N, ...]}. Optionally carries the class names (e.g. "setosa") that the labels index.
 */
public final class TensorDataset implements Dataset {

    private final float[] features;
    private final Shape featureShape;
    private final int featureSize;
    private final int[] labels;
    private final float[] targets;
    private final Shape targetShape;
    private final int targetSize;
    private final int size;
    private final List<String> classNames;

    private TensorDataset(Tensor features, int[] labels, Tensor targets, List<String> classNames) {
        if (features.rank() < 1) {
            throw new IllegalArgumentException("TensorDataset: features must have shape [N, ...], got "
                    + features.shape());
        }
        if (labels == null && targets == null) {
            throw new IllegalArgumentException("TensorDataset: give class labels, float targets or both");
        }
        int[] dims = features.shape().toArray();
        this.size = dims[0];
        this.features = contiguous(features);
        this.featureShape = Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
        this.featureSize = featureShape.size();
        if (labels != null && labels.length != size) {
            throw new IllegalArgumentException("TensorDataset: " + size + " feature rows but " + labels.length
                    + " labels");
        }
        this.labels = labels;
        if (targets != null) {
            int[] t = targets.shape().toArray();
            if (t.length < 1 || t[0] != size) {
                throw new IllegalArgumentException("TensorDataset: features " + features.shape()
                        + " and targets " + targets.shape() + " disagree on the number of examples");
            }
            this.targets = contiguous(targets);
            this.targetShape = Shape.of(Arrays.copyOfRange(t, 1, t.length));
            this.targetSize = targetShape.size();
        } else {
            this.targets = null;
            this.targetShape = null;
            this.targetSize = 0;
        }
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }

    private static float[] contiguous(Tensor t) {
        return t.isContiguous() && t.offset() == 0 && t.data().length == t.size() ? t.data() : t.toArray();
    }

    /** A classification data set: features [N, ...] and labels in [0, classes). */
    public static TensorDataset of(Tensor features, int[] labels) {
        return new TensorDataset(features, labels, null, null);
    }

    /** A classification data set whose labels index {@code classNames}. */
    public static TensorDataset of(Tensor features, int[] labels, List<String> classNames) {
        return new TensorDataset(features, labels, null, classNames);
    }

    /** A regression data set: features [N, ...] and float targets [N, ...]. */
    public static TensorDataset of(Tensor features, Tensor targets) {
        return new TensorDataset(features, null, targets, null);
    }

    /** Both int labels and float targets (e.g. a class and a bounding box). */
    public static TensorDataset of(Tensor features, int[] labels, Tensor targets) {
        return new TensorDataset(features, labels, targets, null);
    }

    /**
     * The examples of any data set held in memory (e.g. a split from {@link Splits}, to scale it or to stop
     * recomputing a lazy data set); class names are kept when {@code data} is, or views, a TensorDataset.
     */
    public static TensorDataset copyOf(Dataset data) {
        int n = data.size();
        int f = data.featureShape().size();
        Shape ts = data.targetShape();
        int t = ts == null ? 0 : ts.size();
        float[] x = new float[n * f];
        float[] y = ts == null ? null : new float[n * t];
        int[] labels = data.hasLabels() ? new int[n] : null;
        for (int i = 0; i < n; i++) {
            Example e = data.get(i);
            System.arraycopy(e.x().toArray(), 0, x, i * f, f);
            if (y != null) {
                System.arraycopy(e.target().toArray(), 0, y, i * t, t);
            }
            if (labels != null) {
                labels[i] = e.label();
            }
        }
        Tensor features = Tensor.of(x, prepend(n, data.featureShape()));
        Tensor targets = y == null ? null : Tensor.of(y, prepend(n, ts));
        Dataset root = data instanceof Subset s ? s.base() : data;
        List<String> names = root instanceof TensorDataset td ? td.classNames : null;
        return new TensorDataset(features, labels, targets, names);
    }

    private static int[] prepend(int n, Shape shape) {
        int[] dims = new int[shape.rank() + 1];
        dims[0] = n;
        System.arraycopy(shape.toArray(), 0, dims, 1, shape.rank());
        return dims;
    }

    @Override public int size() {
        return size;
    }

    @Override public Example get(int index) {
        Tensor x = Tensor.of(Arrays.copyOfRange(features, index * featureSize, (index + 1) * featureSize),
                featureShape.toArray());
        Tensor t = targets == null ? null : Tensor.of(
                Arrays.copyOfRange(targets, index * targetSize, (index + 1) * targetSize), targetShape.toArray());
        return new Example(x, labels == null ? -1 : labels[index], t);
    }

    @Override public Shape featureShape() {
        return featureShape;
    }

    @Override public Shape targetShape() {
        return targetShape;
    }

    @Override public boolean hasLabels() {
        return labels != null;
    }

    @Override public int label(int index) {
        return labels == null ? -1 : labels[index];
    }

    /** All features as one tensor [N, ...] (shares the array: do not modify). */
    public Tensor features() {
        int[] dims = new int[featureShape.rank() + 1];
        dims[0] = size;
        System.arraycopy(featureShape.toArray(), 0, dims, 1, featureShape.rank());
        return Tensor.of(features, dims);
    }

    /** The labels (a copy), or null when there are none. */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** All targets [N, ...] (shared), or null when there are none. */
    public Tensor targets() {
        if (targets == null) {
            return null;
        }
        int[] dims = new int[targetShape.rank() + 1];
        dims[0] = size;
        System.arraycopy(targetShape.toArray(), 0, dims, 1, targetShape.rank());
        return Tensor.of(targets, dims);
    }

    /** Class names indexed by label; empty when unknown. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes: the class names' count if known, else max label + 1 (0 without labels). */
    public int numClasses() {
        if (!classNames.isEmpty()) {
            return classNames.size();
        }
        int max = -1;
        if (labels != null) {
            for (int l : labels) {
                max = Math.max(max, l);
            }
        }
        return max + 1;
    }

    /** The same examples with new features (e.g. scaled), labels and targets kept. */
    public TensorDataset withFeatures(Tensor newFeatures) {
        return new TensorDataset(newFeatures, labels, targets(), classNames);
    }

    /** Copies the features of example {@code index} into {@code dst} at {@code dstOffset} (loader fast path). */
    void copyFeatures(int index, float[] dst, int dstOffset) {
        System.arraycopy(features, index * featureSize, dst, dstOffset, featureSize);
    }

    void copyTarget(int index, float[] dst, int dstOffset) {
        System.arraycopy(targets, index * targetSize, dst, dstOffset, targetSize);
    }
}
