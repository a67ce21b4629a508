package dev.jnn.data;

import dev.jnn.tensor.Shape;

/** A view of some examples of another data set, chosen by index. */
final class Subset implements Dataset {

    private final Dataset base;
    private final int[] indices;

    Subset(Dataset base, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= base.size()) {
                throw new IndexOutOfBoundsException("subset index " + i + " is outside a data set of " + base.size()
                        + " examples");
            }
        }
        this.base = base;
        this.indices = indices;
    }

    /** The data set this is a view of (itself possibly a subset). */
    Dataset base() {
        return base instanceof Subset s ? s.base() : base;
    }

    @Override public int size() {
        return indices.length;
    }

    @Override public Example get(int index) {
        return base.get(indices[index]);
    }

    @Override public Shape featureShape() {
        return base.featureShape();
    }

    @Override public Shape targetShape() {
        return base.targetShape();
    }

    @Override public boolean hasLabels() {
        return base.hasLabels();
    }

    @Override public int label(int index) {
        return base.label(indices[index]);
    }
}
