package dev.jnn.tensor;

import dev.jnn.kernel.BinaryOp;
import dev.jnn.kernel.Elementwise;

/**
 * The general strided paths behind broadcasting and copies: the outer axes are walked with an index counter and
 * the last axis is handed to a contiguous kernel whenever its strides allow (1, or 0 for a broadcast scalar).
 */
public final class Strided {

    private Strided() {}

    /** {@code out = a op b} elementwise, {@code a} and {@code b} broadcast to {@code out}'s shape; out contiguous. */
    public static void binary(String opName, BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Shape shape = out.shape();
        float[] o = out.data();
        if (a.shape().equals(shape) && b.shape().equals(shape) && a.isContiguous() && b.isContiguous()) {
            Elementwise.binary(op, a.data(), a.offset(), b.data(), b.offset(), o, out.offset(), shape.size());
            return;
        }
        int[] sa = Broadcast.strides(opName, a, shape);
        int[] sb = Broadcast.strides(opName, b, shape);
        int rank = shape.rank();
        if (rank == 0) {
            o[out.offset()] = op.apply(a.data()[a.offset()], b.data()[b.offset()]);
            return;
        }
        int n = shape.dim(rank - 1);
        int ia = sa[rank - 1];
        int ib = sb[rank - 1];
        float[] ad = a.data();
        float[] bd = b.data();
        int rows = n == 0 ? 0 : shape.size() / n;
        int[] idx = new int[rank];
        int pa = a.offset();
        int pb = b.offset();
        int po = out.offset();
        for (int r = 0; r < rows; r++) {
            if (ia == 1 && ib == 1) {
                Elementwise.binary(op, ad, pa, bd, pb, o, po, n);
            } else if (ia == 1 && ib == 0) {
                Elementwise.binaryScalar(op, ad, pa, bd[pb], o, po, n);
            } else if (ia == 0 && ib == 1) {
                Elementwise.scalarBinary(op, ad[pa], bd, pb, o, po, n);
            } else {
                for (int j = 0; j < n; j++) {
                    o[po + j] = op.apply(ad[pa + j * ia], bd[pb + j * ib]);
                }
            }
            po += n;
            for (int d = rank - 2; d >= 0; d--) {
                pa += sa[d];
                pb += sb[d];
                if (++idx[d] < shape.dim(d)) {
                    break;
                }
                pa -= sa[d] * shape.dim(d);
                pb -= sb[d] * shape.dim(d);
                idx[d] = 0;
            }
        }
    }

    /** Copies {@code src} (any strides, broadcast to {@code dst}'s shape) into {@code dst} (any strides). */
    public static void copy(Tensor src, Tensor dst) {
        Shape shape = dst.shape();
        if (src.shape().equals(shape) && src.isContiguous() && dst.isContiguous()) {
            System.arraycopy(src.data(), src.offset(), dst.data(), dst.offset(), shape.size());
            return;
        }
        int[] ss = Broadcast.strides("copy", src, shape);
        int[] ds = dst.stridesView();
        int rank = shape.rank();
        float[] s = src.data();
        float[] d = dst.data();
        if (rank == 0) {
            d[dst.offset()] = s[src.offset()];
            return;
        }
        int n = shape.dim(rank - 1);
        int is = ss[rank - 1];
        int id = ds[rank - 1];
        int rows = n == 0 ? 0 : shape.size() / n;
        int[] idx = new int[rank];
        int ps = src.offset();
        int pd = dst.offset();
        for (int r = 0; r < rows; r++) {
            if (is == 1 && id == 1) {
                System.arraycopy(s, ps, d, pd, n);
            } else {
                for (int j = 0; j < n; j++) {
                    d[pd + j * id] = s[ps + j * is];
                }
            }
            for (int k = rank - 2; k >= 0; k--) {
                ps += ss[k];
                pd += ds[k];
                if (++idx[k] < shape.dim(k)) {
                    break;
                }
                ps -= ss[k] * shape.dim(k);
                pd -= ds[k] * shape.dim(k);
                idx[k] = 0;
            }
        }
    }
}
