package dev.jnn.data;

import dev.jnn.tensor.Tensor;
import java.util.Arrays;

/**
 * One NumPy array: its dtype ("float32", "int32", "int64", "uint8"), shape and values (a float[], int[], long[] or
 * byte[] matching the dtype, row-major).
 */
public record NpyArray(String dtype, int[] shape, Object data) {

    public NpyArray {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        int len = switch (data) {
            case float[] f when dtype.equals("float32") -> f.length;
            case int[] i when dtype.equals("int32") -> i.length;
            case long[] l when dtype.equals("int64") -> l.length;
            case byte[] b when dtype.equals("uint8") -> b.length;
            default -> throw new IllegalArgumentException("NpyArray: dtype " + dtype + " does not match data "
                    + data.getClass().getSimpleName());
        };
        if (len != n) {
            throw new IllegalArgumentException("NpyArray: shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + len);
        }
    }

    public static NpyArray of(Tensor t) {
        return new NpyArray("float32", t.shape().toArray(), t.toArray());
    }

    public static NpyArray of(int[] values, int... shape) {
        return new NpyArray("int32", shape, values.clone());
    }

    public static NpyArray of(long[] values, int... shape) {
        return new NpyArray("int64", shape, values.clone());
    }

    public static NpyArray ofBytes(byte[] values, int... shape) {
        return new NpyArray("uint8", shape, values.clone());
    }

    @Override public int[] shape() {
        return shape.clone();
    }

    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The values as a float tensor (uint8 stays 0..255; int64 rounds to the nearest float). */
    public Tensor toTensor() {
        int n = size();
        float[] out = new float[n];
        switch (data) {
            case float[] f -> System.arraycopy(f, 0, out, 0, n);
            case int[] v -> { for (int i = 0; i < n; i++) out[i] = v[i]; }
            case long[] v -> { for (int i = 0; i < n; i++) out[i] = v[i]; }
            case byte[] v -> { for (int i = 0; i < n; i++) out[i] = v[i] & 0xff; }
            default -> throw new IllegalStateException("unreachable");
        }
        return Tensor.of(out, shape);
    }

    /** The values as ints (e.g. labels); floats must be whole numbers, int64 must fit in 32 bits. */
    public int[] toIntArray() {
        int n = size();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long v = switch (data) {
                case float[] f -> {
                    if (f[i] != Math.rint(f[i])) {
                        throw new IllegalStateException("NpyArray.toIntArray: value " + f[i] + " is not whole");
                    }
                    yield (long) f[i];
                }
                case int[] a -> a[i];
                case long[] a -> a[i];
                case byte[] a -> a[i] & 0xff;
                default -> throw new IllegalStateException("unreachable");
            };
            if (v != (int) v) {
                throw new IllegalStateException("NpyArray.toIntArray: value " + v + " does not fit in an int");
            }
            out[i] = (int) v;
        }
        return out;
    }
}
