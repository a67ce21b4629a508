package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.autograd.NoGrad;
import dev.jnn.kernel.Elementwise;
import dev.jnn.kernel.Gemm;
import dev.jnn.kernel.UnaryOp;
import dev.jnn.tensor.Broadcast;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;

/**
 * Matrix products through {@link Gemm#sgemm}. An operand whose last two axes are row-major (column stride 1) or
 * column-major (row stride 1, i.e. a transposed view) is read in place with the matching transpose flag; only other
 * layouts are copied. Leading axes are batch axes and broadcast like elementwise operations.
 *
 * <p>Backward: {@code dA = dC·Bᵀ}, {@code dB = Aᵀ·dC}, each summed over the batch axes the operand was broadcast
 * along; the transposes are views, so backward copies nothing either.
 */
public final class MatmulOps {

    private MatmulOps() {}

    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " include a scalar; use mul for scalars");
        }
        if (a.rank() == 1) {
            return matmul(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.rank() == 1) {
            return matmul(a, b.unsqueeze(1)).squeeze(-1);
        }
        int m = a.dim(-2);
        int k = a.dim(-1);
        int n = b.dim(-1);
        if (b.dim(-2) != k) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " are incompatible: inner dimensions " + k + " and " + b.dim(-2) + " differ");
        }
        Shape aBatch = Shape.of(Arrays.copyOf(a.shape().toArray(), a.rank() - 2));
        Shape bBatch = Shape.of(Arrays.copyOf(b.shape().toArray(), b.rank() - 2));
        Shape batch;
        try {
            batch = Broadcast.shape("matmul", aBatch, bBatch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " have batch axes that cannot broadcast");
        }
        int[] outDims = Arrays.copyOf(batch.toArray(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor y = Tensor.empty(Shape.of(outDims));
        multiply(a, b, y, batch, m, n, k);
        return Graph.record(y, "matmul", g -> new Tensor[] {
            a.requiresGrad() ? Raw.sumTo(g.matmul(b.transpose(-1, -2)), a.shape()) : null,
            b.requiresGrad() ? Raw.sumTo(a.transpose(-1, -2).matmul(g), b.shape()) : null}, a, b);
    }

    /**
     * The fused dense layer {@code y = act(x·w + bias)}: x {@code [..., in]}, w {@code [in, out]}, bias {@code [out]}
     * or null, act one of IDENTITY, RELU, SIGMOID, TANH (whose derivatives are read from {@code y}). One output array
     * and one node instead of three; backward: {@code d = g·act'(y)}, {@code dx = d·wᵀ}, {@code dw = xᵀ·d},
     * {@code dbias = Σ_rows d}.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias, UnaryOp act) {
        if (act != UnaryOp.IDENTITY && act != UnaryOp.RELU && act != UnaryOp.SIGMOID && act != UnaryOp.TANH) {
            throw new IllegalArgumentException("linear: activation " + act
                    + " is not fused; use IDENTITY, RELU, SIGMOID or TANH, or apply it separately");
        }
        if (x.rank() < 1 || w.rank() != 2 || x.dim(-1) != w.dim(0)) {
            throw new IllegalArgumentException("linear: input " + x.shape() + " and weight " + w.shape()
                    + " are incompatible: the weight must be [" + (x.rank() < 1 ? "in" : x.dim(-1)) + ", out]");
        }
        int out = w.dim(1);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != out)) {
            throw new IllegalArgumentException("linear: bias " + bias.shape() + " must be [" + out + "] for weight "
                    + w.shape());
        }
        int in = w.dim(0);
        int[] outDims = x.shape().toArray();
        outDims[outDims.length - 1] = out;
        Tensor y = NoGrad.run(() -> x.reshape(-1, in).matmul(w).reshape(outDims));
        int rows = out == 0 ? 0 : y.size() / out;
        if (bias != null) {
            Tensor b = Raw.contiguous(bias);
            Elementwise.biasActivation(act, y.data(), 0, b.data(), b.offset(), y.data(), 0, rows, out);
        } else {
            Elementwise.unary(act, y.data(), 0, y.data(), 0, y.size());
        }
        return Graph.record(y, "linear", g -> {
            Tensor d = switch (act) {
                case RELU -> g.mul(y.gt(0f));
                case SIGMOID -> g.mul(y.mul(y.neg().add(1f)));
                case TANH -> g.mul(y.square().neg().add(1f));
                default -> g;
            };
            Tensor d2 = d.reshape(-1, out);
            return new Tensor[] {
                x.requiresGrad() ? d2.matmul(w.t()).reshape(x.shape().toArray()) : null,
                w.requiresGrad() ? x.reshape(-1, in).t().matmul(d2) : null,
                bias != null && bias.requiresGrad() ? d2.sum(false, 0) : null};
        }, x, w, bias);
    }

    /** How one operand's matrices are read: the tensor (maybe a copy), transpose flag and leading dimension. */
    private record Layout(Tensor t, boolean trans, int ld) {
        static Layout of(Tensor x) {
            int rows = x.dim(-2);
            int cols = x.dim(-1);
            int[] s = x.strides();
            int rs = s[s.length - 2];
            int cs = s[s.length - 1];
            if ((cs == 1 || cols == 1) && (rs >= Math.max(1, cols) || rows == 1)) {
                return new Layout(x, false, rows == 1 ? Math.max(1, cols) : rs);
            }
            if ((rs == 1 || rows == 1) && (cs >= Math.max(1, rows) || cols == 1)) {
                return new Layout(x, true, cols == 1 ? Math.max(1, rows) : cs);
            }
            Tensor c = Raw.contiguous(x);
            return new Layout(c, false, Math.max(1, cols));
        }
    }

    private static void multiply(Tensor a, Tensor b, Tensor y, Shape batch, int m, int n, int k) {
        Layout la = Layout.of(a);
        Layout lb = Layout.of(b);
        int[] sa = batchStrides(la.t(), batch);
        int[] sb = batchStrides(lb.t(), batch);
        int batches = batch.size();
        int[] idx = new int[batch.rank()];
        int pa = la.t().offset();
        int pb = lb.t().offset();
        for (int i = 0; i < batches; i++) {
            Gemm.sgemm(la.trans(), lb.trans(), m, n, k, 1f, la.t().data(), pa, la.ld(), lb.t().data(), pb, lb.ld(),
                    0f, y.data(), i * m * n, n);
            for (int d = batch.rank() - 1; d >= 0; d--) {
                pa += sa[d];
                pb += sb[d];
                if (++idx[d] < batch.dim(d)) {
                    break;
                }
                pa -= sa[d] * batch.dim(d);
                pb -= sb[d] * batch.dim(d);
                idx[d] = 0;
            }
        }
    }

    /** Strides of {@code x}'s batch axes broadcast to {@code batch} (0 along broadcast axes). */
    private static int[] batchStrides(Tensor x, Shape batch) {
        int[] s = x.strides();
        int xb = x.rank() - 2;
        int[] out = new int[batch.rank()];
        for (int i = 0; i < xb; i++) {
            int target = i + batch.rank() - xb;
            out[target] = x.dim(i) == 1 ? 0 : s[i];
        }
        return out;
    }
}
