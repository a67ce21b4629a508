package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.kernel.BinaryOp;
import dev.jnn.kernel.Elementwise;
import dev.jnn.kernel.Reduce;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * Reductions along axes: sum, mean, max, min, argmax and variance. A single-axis reduction views the contiguous
 * input as {@code [outer, n, inner]}; several axes are reduced one after another (each a recorded step, so the
 * gradients compose). Sums run in a fixed order, so results are reproducible bit for bit.
 */
public final class ReductionOps {

    private ReductionOps() {}

    /** Sum over {@code axes} (all axes when empty). */
    public static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        int[] ax = Raw.normalizeAxes("sum", x.shape(), axes);
        Shape kept = Raw.reducedShape(x.shape(), ax, true);
        Shape out = Raw.reducedShape(x.shape(), ax, keepDims);
        Tensor xc = Raw.contiguous(x);
        Tensor y;
        if (ax.length == x.rank()) {
            y = Tensor.empty(out);
            y.data()[0] = Reduce.sum(xc.data(), xc.offset(), x.size());
        } else {
            y = xc;
            for (int i = ax.length - 1; i >= 0; i--) {
                y = sumAxis(y, ax[i]);
            }
            y = y.reshape(out.toArray());
        }
        return Graph.record(y, "sum", g -> new Tensor[] {g.reshape(kept.toArray()).expand(x.shape().toArray())}, x);
    }

    /** Unrecorded sum over one axis of a contiguous tensor, keeping the axis with size 1. */
    private static Tensor sumAxis(Tensor x, int axis) {
        int n = x.dim(axis);
        int inner = 1;
        for (int i = axis + 1; i < x.rank(); i++) {
            inner *= x.dim(i);
        }
        int outer = n == 0 || inner == 0 ? 0 : x.size() / (n * inner);
        int[] dims = x.shape().toArray();
        dims[axis] = 1;
        Tensor y = Tensor.zeros(Shape.of(dims));
        float[] xd = x.data();
        float[] yd = y.data();
        int off = x.offset();
        for (int o = 0; o < outer; o++) {
            if (inner == 1) {
                yd[o] = Reduce.sum(xd, off + o * n, n);
            } else {
                for (int k = 0; k < n; k++) {
                    Elementwise.binary(BinaryOp.ADD, yd, o * inner, xd, off + (o * n + k) * inner, yd, o * inner,
                            inner);
                }
            }
        }
        return y;
    }

    public static Tensor mean(Tensor x, boolean keepDims, int... axes) {
        int[] ax = Raw.normalizeAxes("mean", x.shape(), axes);
        long count = 1;
        for (int a : ax) {
            count *= x.dim(a);
        }
        if (count == 0) {
            throw new IllegalArgumentException("mean: no elements to average over axes of shape " + x.shape());
        }
        return sum(x, keepDims, ax).mul((float) (1.0 / count));
    }

    public static Tensor max(Tensor x, boolean keepDims, int... axes) {
        return extreme(x, keepDims, axes, true);
    }

    public static Tensor min(Tensor x, boolean keepDims, int... axes) {
        return extreme(x, keepDims, axes, false);
    }

    private static Tensor extreme(Tensor x, boolean keepDims, int[] axes, boolean max) {
        String op = max ? "max" : "min";
        int[] ax = Raw.normalizeAxes(op, x.shape(), axes);
        if (x.size() == 0) {
            throw new IllegalArgumentException(op + ": empty tensor of shape " + x.shape() + " has no " + op);
        }
        Shape out = Raw.reducedShape(x.shape(), ax, keepDims);
        Tensor y = x;
        if (ax.length == x.rank() && x.rank() > 1) {
            y = extremeAxis(x.reshape(-1), 0, max);
        } else {
            for (int i = ax.length - 1; i >= 0; i--) {
                y = extremeAxis(y, ax[i], max);
            }
        }
        return y.reshape(out.toArray());
    }

    /** Recorded max/min over one axis (kept with size 1); the gradient goes to the first extreme element. */
    private static Tensor extremeAxis(Tensor x, int axis, boolean max) {
        Tensor xc = Raw.contiguous(x);
        int n = x.dim(axis);
        int inner = 1;
        for (int i = axis + 1; i < x.rank(); i++) {
            inner *= x.dim(i);
        }
        int outer = x.size() / (n * inner);
        int[] dims = x.shape().toArray();
        dims[axis] = 1;
        Tensor y = Tensor.empty(Shape.of(dims));
        int[] where = new int[y.size()];
        float[] xd = xc.data();
        int off = xc.offset();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int best = o * n * inner + j;
                for (int k = 1; k < n; k++) {
                    int p = (o * n + k) * inner + j;
                    float v = xd[off + p];
                    if (max ? v > xd[off + best] : v < xd[off + best]) {
                        best = p;
                    }
                }
                where[o * inner + j] = best;
                y.data()[o * inner + j] = xd[off + best];
            }
        }
        return Graph.record(y, max ? "max" : "min", g -> {
            Tensor gc = Raw.contiguous(g);
            Tensor gx = Tensor.zeros(x.shape());
            for (int i = 0; i < where.length; i++) {
                gx.data()[where[i]] += gc.data()[gc.offset() + i];
            }
            return new Tensor[] {gx};
        }, x);
    }

    /** Index of the largest element along {@code axis}, first on ties; not differentiable. */
    public static Tensor argmax(Tensor x, int axis, boolean keepDims) {
        int a = x.shape().axis(axis);
        Tensor xc = Raw.contiguous(x);
        int n = x.dim(a);
        if (n == 0) {
            throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + x.shape() + " is empty");
        }
        int inner = 1;
        for (int i = a + 1; i < x.rank(); i++) {
            inner *= x.dim(i);
        }
        int outer = x.size() / (n * inner);
        Tensor y = Tensor.empty(Raw.reducedShape(x.shape(), new int[] {a}, keepDims));
        float[] xd = xc.data();
        int off = xc.offset();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int best = 0;
                for (int k = 1; k < n; k++) {
                    if (xd[off + (o * n + k) * inner + j] > xd[off + (o * n + best) * inner + j]) {
                        best = k;
                    }
                }
                y.data()[o * inner + j] = best;
            }
        }
        return y;
    }

    /** Two-pass variance {@code Σ(x − mean)² / (n − correction)}, composed of recorded steps. */
    public static Tensor variance(Tensor x, int correction, boolean keepDims, int... axes) {
        int[] ax = Raw.normalizeAxes("variance", x.shape(), axes);
        long count = 1;
        for (int a : ax) {
            count *= x.dim(a);
        }
        if (count - correction <= 0) {
            throw new IllegalArgumentException("variance: " + count + " elements per group of shape " + x.shape()
                    + " with correction " + correction + " leave no degrees of freedom");
        }
        Tensor centered = x.sub(mean(x, true, ax));
        return sum(centered.square(), keepDims, ax).mul((float) (1.0 / (count - correction)));
    }
}
