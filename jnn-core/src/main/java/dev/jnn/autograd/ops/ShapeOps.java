package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.tensor.Broadcast;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Strided;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;

/**
 * Operations that change how data is seen: views (reshape, permute, slice, squeeze, expand) share the input's array;
 * copy, concat and stack write a new one. Each backward rule maps the gradient back to the input's shape.
 */
public final class ShapeOps {

    private ShapeOps() {}

    public static Tensor copy(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        Strided.copy(x, y);
        return Graph.record(y, "copy", g -> new Tensor[] {g}, x);
    }

    public static Tensor reshape(Tensor x, int[] dims, boolean allowCopy) {
        String op = allowCopy ? "reshape" : "view";
        Shape target = resolve(op, x.shape(), dims);
        Tensor y;
        int[] strides = x.isContiguous() ? target.contiguousStrides() : viewStrides(x.shape(), x.strides(), target);
        if (strides != null) {
            y = Raw.view(x, target, strides, x.offset());
        } else if (allowCopy) {
            Tensor c = Raw.contiguous(x);
            y = Raw.view(c, target, target.contiguousStrides(), 0);
        } else {
            throw new IllegalArgumentException("view: shape " + x.shape() + " with strides "
                    + Arrays.toString(x.strides()) + " cannot be viewed as " + target
                    + " without copying; use reshape or contiguous() first");
        }
        Shape in = x.shape();
        return Graph.record(y, op, g -> new Tensor[] {g.reshape(in.toArray())}, x);
    }

    /**
     * Strides that show data laid out as {@code from}/{@code strides} in shape {@code to} without copying, or null
     * when impossible: each group of old axes merged or split must itself be contiguous.
     */
    static int[] viewStrides(Shape from, int[] strides, Shape to) {
        if (from.size() == 0) {
            return to.contiguousStrides();
        }
        int[] od = new int[from.rank()];
        int[] os = new int[from.rank()];
        int oldRank = 0;
        for (int i = 0; i < from.rank(); i++) {
            if (from.dim(i) != 1) {
                od[oldRank] = from.dim(i);
                os[oldRank++] = strides[i];
            }
        }
        int newRank = to.rank();
        int[] ns = new int[newRank];
        int ni = 0;
        int oi = 0;
        while (ni < newRank && oi < oldRank) {
            if (to.dim(ni) == 1) {
                ns[ni++] = 1;
                continue;
            }
            int nj = ni + 1;
            int oj = oi + 1;
            long np = to.dim(ni);
            long op = od[oi];
            while (np != op) {
                if (np < op) {
                    np *= to.dim(nj++);
                } else {
                    op *= od[oj++];
                }
            }
            for (int k = oi; k < oj - 1; k++) {
                if (os[k] != od[k + 1] * os[k + 1]) {
                    return null;
                }
            }
            ns[nj - 1] = os[oj - 1];
            for (int k = nj - 1; k > ni; k--) {
                ns[k - 1] = ns[k] * to.dim(k);
            }
            ni = nj;
            oi = oj;
        }
        for (; ni < newRank; ni++) {
            ns[ni] = 1;
        }
        return ns;
    }

    private static Shape resolve(String op, Shape from, int[] dims) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one -1 allowed, got " + Arrays.toString(dims));
                }
                infer = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in " + Arrays.toString(dims));
            } else {
                known *= dims[i];
            }
        }
        int[] out = dims.clone();
        if (infer >= 0) {
            if (known == 0 || from.size() % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + from + " (" + from.size()
                        + " elements) cannot be reshaped to " + Arrays.toString(dims));
            }
            out[infer] = (int) (from.size() / known);
        } else if (known != from.size()) {
            throw new IllegalArgumentException(op + ": shape " + from + " (" + from.size()
                    + " elements) cannot be reshaped to " + Arrays.toString(dims) + " (" + known + " elements)");
        }
        return Shape.of(out);
    }

    public static Tensor transpose(Tensor x, int axis0, int axis1) {
        int[] order = new int[x.rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int a = x.shape().axis(axis0);
        int b = x.shape().axis(axis1);
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    public static Tensor permute(Tensor x, int... order) {
        if (order.length != x.rank()) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " does not name each of the "
                    + x.rank() + " axes of shape " + x.shape());
        }
        int[] dims = new int[order.length];
        int[] strides = new int[order.length];
        int[] inverse = new int[order.length];
        boolean[] seen = new boolean[order.length];
        int[] xs = x.strides();
        for (int i = 0; i < order.length; i++) {
            int a = x.shape().axis(order[i]);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + order[i] + " repeated in "
                        + Arrays.toString(order) + " for shape " + x.shape());
            }
            seen[a] = true;
            dims[i] = x.dim(a);
            strides[i] = xs[a];
            inverse[a] = i;
        }
        Tensor y = Raw.view(x, Shape.of(dims), strides, x.offset());
        return Graph.record(y, "permute", g -> new Tensor[] {g.permute(inverse)}, x);
    }

    /** Python-style slice with a positive step; bounds are clamped to the axis. */
    public static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int a = x.shape().axis(axis);
        int n = x.dim(a);
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step + " for shape " + x.shape());
        }
        int s = clamp(start < 0 ? start + n : start, n);
        int e = clamp(end < 0 ? end + n : end, n);
        int len = e <= s ? 0 : (e - s + step - 1) / step;
        int[] dims = x.shape().toArray();
        int[] strides = x.strides();
        dims[a] = len;
        int offset = x.offset() + (len == 0 ? 0 : s * strides[a]);
        strides[a] *= step;
        Tensor y = Raw.view(x, Shape.of(dims), strides, offset);
        final int from = s;
        return Graph.record(y, "slice", g -> {
            Tensor gx = Tensor.zeros(x.shape());
            Strided.copy(g, gx.slice(a, from, from + (len - 1) * step + 1, step));
            return new Tensor[] {gx};
        }, x);
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n, i));
    }

    public static Tensor squeeze(Tensor x) {
        int[] dims = x.shape().toArray();
        int[] strides = x.strides();
        int k = 0;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != 1) {
                dims[k] = dims[i];
                strides[k++] = strides[i];
            }
        }
        return viewOf(x, Arrays.copyOf(dims, k), Arrays.copyOf(strides, k), "squeeze");
    }

    public static Tensor squeeze(Tensor x, int axis) {
        int a = x.shape().axis(axis);
        if (x.dim(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + x.shape()
                    + " has size " + x.dim(a) + ", not 1");
        }
        int[] dims = x.shape().toArray();
        int[] strides = x.strides();
        int[] d = new int[dims.length - 1];
        int[] s = new int[dims.length - 1];
        for (int i = 0, k = 0; i < dims.length; i++) {
            if (i != a) {
                d[k] = dims[i];
                s[k++] = strides[i];
            }
        }
        return viewOf(x, d, s, "squeeze");
    }

    public static Tensor unsqueeze(Tensor x, int axis) {
        int a = axis < 0 ? axis + x.rank() + 1 : axis;
        if (a < 0 || a > x.rank()) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + x.shape());
        }
        int[] dims = x.shape().toArray();
        int[] strides = x.strides();
        int[] d = new int[dims.length + 1];
        int[] s = new int[dims.length + 1];
        for (int i = 0, k = 0; i < d.length; i++) {
            if (i == a) {
                d[i] = 1;
                s[i] = 0;
            } else {
                d[i] = dims[k];
                s[i] = strides[k++];
            }
        }
        return viewOf(x, d, s, "unsqueeze");
    }

    private static Tensor viewOf(Tensor x, int[] dims, int[] strides, String name) {
        Tensor y = Raw.view(x, Shape.of(dims), strides, x.offset());
        Shape in = x.shape();
        return Graph.record(y, name, g -> new Tensor[] {g.reshape(in.toArray())}, x);
    }

    public static Tensor expand(Tensor x, int... dims) {
        int[] target = dims.clone();
        int shift = target.length - x.rank();
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (i < shift) {
                    throw new IllegalArgumentException("expand: -1 is not allowed for new leading axis " + i
                            + " of " + Arrays.toString(dims));
                }
                target[i] = x.dim(i - shift);
            }
        }
        Shape t = Shape.of(target);
        int[] strides = Broadcast.strides("expand", x, t);
        Tensor y = Raw.view(x, t, strides, x.offset());
        return Graph.record(y, "expand", g -> new Tensor[] {Raw.sumTo(g, x.shape())}, x);
    }

    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Shape first = parts[0].shape();
        int a = first.axis(axis);
        int total = 0;
        for (Tensor p : parts) {
            boolean ok = p.rank() == first.rank();
            for (int i = 0; ok && i < first.rank(); i++) {
                ok = i == a || p.dim(i) == first.dim(i);
            }
            if (!ok) {
                throw new IllegalArgumentException("concat: shapes " + first + " and " + p.shape()
                        + " differ outside axis " + axis);
            }
            total += p.dim(a);
        }
        int[] dims = first.toArray();
        dims[a] = total;
        Tensor y = Tensor.empty(Shape.of(dims));
        int[] starts = new int[parts.length];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            starts[i] = at;
            Strided.copy(parts[i], y.narrow(a, at, parts[i].dim(a)));
            at += parts[i].dim(a);
        }
        return Graph.record(y, "concat", g -> {
            Tensor[] grads = new Tensor[parts.length];
            for (int i = 0; i < parts.length; i++) {
                grads[i] = parts[i].requiresGrad() ? g.narrow(a, starts[i], parts[i].dim(a)) : null;
            }
            return grads;
        }, parts);
    }

    public static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        Tensor[] expanded = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].shape().equals(parts[0].shape())) {
                throw new IllegalArgumentException("stack: shapes " + parts[0].shape() + " and " + parts[i].shape()
                        + " differ; stack needs equal shapes");
            }
            expanded[i] = parts[i].unsqueeze(axis);
        }
        return concat(axis < 0 ? axis + parts[0].rank() + 1 : axis, expanded);
    }
}
