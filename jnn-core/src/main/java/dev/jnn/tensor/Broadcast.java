package dev.jnn.tensor;

import java.util.Arrays;

/** NumPy broadcasting rules: shapes are aligned at the last axis; a dimension of 1 stretches to match. */
public final class Broadcast {

    private Broadcast() {}

    /** The broadcast shape of {@code a} and {@code b}, or an error naming {@code op} and both shapes. */
    public static Shape shape(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromEnd(a, rank - 1 - i);
            int db = dimFromEnd(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " cannot broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    private static int dimFromEnd(Shape s, int fromEnd) {
        int i = s.rank() - 1 - fromEnd;
        return i >= 0 ? s.dim(i) : 1;
    }

    /**
     * Strides that read {@code t} as if it had shape {@code target}: 0 along broadcast axes. Fails when {@code t}
     * cannot broadcast to {@code target}.
     */
    public static int[] strides(String op, Tensor t, Shape target) {
        int rank = target.rank();
        Shape s = t.shape();
        if (s.rank() > rank) {
            throw new IllegalArgumentException(op + ": shape " + s + " cannot broadcast to " + target);
        }
        int[] src = t.stridesView();
        int[] out = new int[rank];
        int shift = rank - s.rank();
        for (int i = 0; i < s.rank(); i++) {
            int d = s.dim(i);
            if (d == target.dim(i + shift)) {
                out[i + shift] = d == 1 ? 0 : src[i];
            } else if (d == 1) {
                out[i + shift] = 0;
            } else {
                throw new IllegalArgumentException(op + ": shape " + s + " cannot broadcast to " + target);
            }
        }
        return out;
    }

    /** The axes of {@code target} that were broadcast from {@code source} (for reducing gradients back). */
    public static int[] reducedAxes(Shape source, Shape target) {
        int shift = target.rank() - source.rank();
        int[] axes = new int[target.rank()];
        int n = 0;
        for (int i = 0; i < target.rank(); i++) {
            if (i < shift || (source.dim(i - shift) == 1 && target.dim(i) != 1)) {
                axes[n++] = i;
            }
        }
        return Arrays.copyOf(axes, n);
    }
}
