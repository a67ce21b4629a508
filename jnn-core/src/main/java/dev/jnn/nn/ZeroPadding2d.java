package dev.jnn.nn;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * Adds rows and columns of zeros around each map: {@code [N, C, H, W] → [N, C, top + H + bottom, left + W + right]}
 * (Keras' {@code ZeroPadding2D}). Differentiable (the gradient is the centre crop). No parameters.
 */
public final class ZeroPadding2d extends Module implements ShapeInference {

    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    /** The same amount on all four sides. */
    public ZeroPadding2d(int pad) {
        this(pad, pad, pad, pad);
    }

    public ZeroPadding2d(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("ZeroPadding2d: amounts must be >= 0, got top=" + top + " bottom="
                    + bottom + " left=" + left + " right=" + right);
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    /** Pads axis {@code axis} of {@code x} with {@code before} and {@code after} zeros (differentiable). */
    public static Tensor pad(Tensor x, int axis, int before, int after) {
        if (before == 0 && after == 0) {
            return x;
        }
        int a = x.shape().axis(axis);
        int[] b = x.shape().toArray();
        int[] e = x.shape().toArray();
        b[a] = before;
        e[a] = after;
        if (before == 0) {
            return Tensor.concat(a, x, Tensor.zeros(e));
        }
        if (after == 0) {
            return Tensor.concat(a, Tensor.zeros(b), x);
        }
        return Tensor.concat(a, Tensor.zeros(b), x, Tensor.zeros(e));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected [N, C, H, W]");
        }
        return pad(pad(x, 2, top, bottom), 3, left, right);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 3) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + in + ": expected [C, H, W]");
        }
        return Shape.of(in.dim(0), in.dim(1) + top + bottom, in.dim(2) + left + right);
    }

    @Override
    public long macs(Shape in) {
        return 0;
    }

    @Override
    public String describe() {
        return "ZeroPadding2d(top=" + top + ", bottom=" + bottom + ", left=" + left + ", right=" + right + ")";
    }
}
