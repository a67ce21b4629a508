package dev.jnn.autograd.ops;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Strided;
import dev.jnn.tensor.Tensor;

/** Helpers for forward computations that must not be recorded on the tape. */
final class Raw {

    private Raw() {}

    /** {@code t} itself when contiguous, else an unrecorded contiguous copy. */
    static Tensor contiguous(Tensor t) {
        if (t.isContiguous()) {
            return t;
        }
        Tensor y = Tensor.empty(t.shape());
        Strided.copy(t, y);
        return y;
    }

    /** {@code t} when it is contiguous from index 0 of its array (what the conv/pool kernels read), else a copy. */
    static Tensor dense(Tensor t) {
        if (t.isContiguous() && t.offset() == 0) {
            return t;
        }
        Tensor y = Tensor.empty(t.shape());
        Strided.copy(t, y);
        return y;
    }

    /** A view of {@code t} (any strides) with the same data, off the tape. */
    static Tensor view(Tensor t, Shape shape, int[] strides, int offset) {
        return Tensor.strided(t.data(), shape, strides, offset);
    }

    /** {@code g} summed over the axes along which {@code shape} was broadcast to {@code g}'s shape. */
    static Tensor sumTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) {
            return g;
        }
        int[] axes = dev.jnn.tensor.Broadcast.reducedAxes(shape, g.shape());
        Tensor s = ReductionOps.sum(g, true, axes);
        return s.reshape(shape.toArray());
    }

    static int[] normalizeAxes(String op, Shape shape, int[] axes) {
        if (axes.length == 0) {
            int[] all = new int[shape.rank()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] used = new boolean[shape.rank()];
        for (int a : axes) {
            int n;
            try {
                n = shape.axis(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(op + ": " + e.getMessage());
            }
            if (used[n]) {
                throw new IllegalArgumentException(op + ": axis " + a + " given twice for shape " + shape);
            }
            used[n] = true;
        }
        int[] out = new int[axes.length];
        int k = 0;
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** {@code shape} with the given (sorted) axes set to 1 when {@code keepDims}, else removed. */
    static Shape reducedShape(Shape shape, int[] sortedAxes, boolean keepDims) {
        int[] dims = shape.toArray();
        int[] out = new int[keepDims ? dims.length : dims.length - sortedAxes.length];
        int k = 0;
        int j = 0;
        for (int i = 0; i < dims.length; i++) {
            boolean reduced = j < sortedAxes.length && sortedAxes[j] == i;
            if (reduced) {
                j++;
                if (keepDims) {
                    out[k++] = 1;
                }
            } else {
                out[k++] = dims[i];
            }
        }
        return Shape.of(out);
    }
}
