package dev.jnn.data;

import dev.jnn.tensor.Shape;

/**
 * A finite, indexable collection of examples whose features all have the same shape.
 *
 * <p>Implementations must be safe to read from several threads: the loader reads on a background thread.
 */
public interface Dataset {

    int size();

    /** The example at {@code index} (0 &le; index &lt; size()); its tensors must not be modified by the caller. */
    Example get(int index);

    /** The shape of one example's features, e.g. [1, 28, 28]. */
    Shape featureShape();

    /** The shape of one example's float target, or null when examples carry no target. */
    default Shape targetShape() {
        return null;
    }

    /** True when examples carry an int class label. */
    default boolean hasLabels() {
        return true;
    }

    /** The class label of example {@code index} (used by stratified splits); -1 when there are none. */
    default int label(int index) {
        return get(index).label();
    }

    /** The examples at the given indices, in that order (a view, nothing copied). */
    default Dataset subset(int... indices) {
        return new Subset(this, indices.clone());
    }
}
