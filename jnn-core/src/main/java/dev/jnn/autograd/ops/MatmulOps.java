package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.kernel.Gemm;
import dev.jnn.kernel.LinearEpilogue;
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
     * or null, act one of IDENTITY, RELU, SIGMOID, TANH (whose derivatives are read from {@code y}). One output array,
     * one node and, instead of three ops, the bias and activation applied by the GEMM to each tile as it is written
     * (IDENTITY, RELU: {@link Gemm#linear}) or in one pass after it ({@link LinearEpilogue}). Backward:
     * {@code d = g·act'(y)} and {@code dbias = Σ_rows d} in one pass, {@code dx = d·wᵀ}, {@code dw = xᵀ·d}; the
     * gradients of leaf parameters are added straight into their accumulators (the GEMM with {@code beta = 1}), with
     * no temporary.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias, UnaryOp act) {
        if (!LinearEpilogue.supports(act)) {
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
        int rows = 1;
        for (int i = 0; i < x.rank() - 1; i++) {
            rows *= x.dim(i);
        }
        int[] outDims = x.shape().toArray();
        outDims[outDims.length - 1] = out;
        Tensor xc = Raw.contiguous(x);
        Layout lw = Layout.of(w);
        Tensor y = Tensor.empty(Shape.of(outDims));
        Tensor bc = bias == null ? null : Raw.contiguous(bias);
        float[] bData = bc == null ? null : bc.data();
        int bOff = bc == null ? 0 : bc.offset();
        if (act == UnaryOp.IDENTITY || act == UnaryOp.RELU) {
            // Bias and ReLU applied to each tile of y as the product writes it, not in a second sweep over y.
            Gemm.linear(false, lw.trans(), rows, out, in, xc.data(), xc.offset(), Math.max(1, in),
                    lw.t().data(), lw.t().offset(), lw.ld(), bData, bOff, act, y.data(), 0, Math.max(1, out));
        } else {
            Gemm.sgemm(false, lw.trans(), rows, out, in, 1f, xc.data(), xc.offset(), Math.max(1, in),
                    lw.t().data(), lw.t().offset(), lw.ld(), 0f, y.data(), 0, Math.max(1, out));
            LinearEpilogue.forward(act, y.data(), 0, bData, bOff, rows, out);
        }
        int nRows = rows;
        return Graph.record(y, "linear", g -> {
            Tensor gc = Raw.contiguous(g);
            Tensor d = act == UnaryOp.IDENTITY ? gc : Tensor.empty(y.shape());
            Tensor biasAcc = Graph.leafGradient(bias);
            Tensor biasGrad = bias != null && bias.requiresGrad() && biasAcc == null ? Tensor.zeros(bias.shape())
                    : null;
            Tensor db = biasAcc != null ? biasAcc : biasGrad;
            LinearEpilogue.backward(act, gc.data(), gc.offset(), y.data(), 0, d.data(), d.offset(),
                    db == null ? null : db.data(), db == null ? 0 : db.offset(), nRows, out);
            Tensor dx = null;
            if (x.requiresGrad()) {
                // dx = d·wᵀ: wᵀ is w's storage read with the opposite transpose flag
                dx = Tensor.empty(x.shape());
                Gemm.sgemm(false, !lw.trans(), nRows, in, out, 1f, d.data(), d.offset(), Math.max(1, out),
                        lw.t().data(), lw.t().offset(), lw.ld(), 0f, dx.data(), 0, Math.max(1, in));
            }
            Tensor dw = null;
            if (w.requiresGrad()) {
                // dw = xᵀ·d, written into the leaf's accumulator when w is a parameter (added when it already
                // holds a gradient of this pass or of an earlier one not cleared)
                Tensor fresh = Graph.leafGradientToOverwrite(w);
                Tensor acc = fresh != null ? fresh : Graph.leafGradient(w);
                Tensor target = acc != null ? acc : Tensor.empty(w.shape());
                Gemm.sgemm(true, false, in, out, nRows, 1f, xc.data(), xc.offset(), Math.max(1, in),
                        d.data(), d.offset(), Math.max(1, out), acc != null && fresh == null ? 1f : 0f,
                        target.data(), target.offset(), Math.max(1, out));
                dw = acc != null ? null : target;
            }
            return new Tensor[] {dx, dw, biasGrad};
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
