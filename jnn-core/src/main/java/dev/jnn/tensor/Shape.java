package dev.jnn.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first. Immutable; a rank-0 shape (no dimensions) is a scalar.
 */
public final class Shape {

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a negative dimension");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims)
                        + " has more than 2^31 elements; jnn tensors live in one Java array");
            }
        }
        this.dims = dims;
        this.size = (int) n;
    }

    /** A shape with the given dimensions. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** The scalar shape {@code []}. */
    public static Shape scalar() {
        return new Shape(new int[0]);
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; negative axes count from the end ({@code -1} is the last). */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    /** Normalizes a possibly negative axis to {@code [0, rank)}, or fails naming the shape. */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    /** Number of elements (1 for a scalar). */
    public int size() {
        return size;
    }

    /** A copy of the dimensions. */
    public int[] toArray() {
        return dims.clone();
    }

    /** Row-major (C-order) strides of a contiguous tensor of this shape. */
    public int[] contiguousStrides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(dims[i], 1);
        }
        return strides;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Like {@code [64, 28, 28]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
