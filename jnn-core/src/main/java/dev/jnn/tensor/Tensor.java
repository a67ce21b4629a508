package dev.jnn.tensor;

import java.util.Arrays;

/**
 * An n-dimensional array of float32 values: a view (shape, strides, offset) over a heap {@code float[]}.
 *
 * <p>Several tensors may share one array: views such as reshape, transpose and slice never copy.
 */
public final class Tensor {

    private final float[] data;
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    Tensor(float[] data, Shape shape, int[] strides, int offset) {
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** Wraps {@code data} (not copied) as a contiguous tensor of the given shape. */
    public static Tensor of(float[] data, int... dims) {
        Shape shape = Shape.of(dims);
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values cannot fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        return new Tensor(data, shape, shape.contiguousStrides(), 0);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... dims) {
        Shape shape = Shape.of(dims);
        return new Tensor(new float[shape.size()], shape, shape.contiguousStrides(), 0);
    }

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** True when the elements lie in row-major order without gaps, starting at {@link #offset()}. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            int d = shape.dim(i);
            if (d != 1 && strides[i] != expected) {
                return false;
            }
            expected *= d;
        }
        return true;
    }

    /** The backing array (shared, not copied); read it with {@link #offset()} and {@link #strides()}. */
    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** The element at the given indices. */
    public float get(int... index) {
        return data[flatIndex(index)];
    }

    /** Sets the element at the given indices (writes through to every view of the same array). */
    public void set(float value, int... index) {
        data[flatIndex(index)] = value;
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates but the tensor has shape " + shape);
        }
        int flat = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape " + shape);
            }
            flat += index[i] * strides[i];
        }
        return flat;
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        float[] out = new float[shape.size()];
        if (isContiguous()) {
            System.arraycopy(data, offset, out, 0, out.length);
            return out;
        }
        int[] index = new int[shape.rank()];
        for (int i = 0; i < out.length; i++) {
            int flat = offset;
            for (int d = 0; d < index.length; d++) {
                flat += index[d] * strides[d];
            }
            out[i] = data[flat];
            for (int d = index.length - 1; d >= 0; d--) {
                if (++index[d] < shape.dim(d)) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }
}
