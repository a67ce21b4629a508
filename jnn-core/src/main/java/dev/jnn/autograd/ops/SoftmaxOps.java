package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.kernel.Reduce;
import dev.jnn.kernel.Softmax;
import dev.jnn.kernel.SoftmaxCrossEntropy;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;

/**
 * Softmax, log-softmax and the fused softmax cross-entropy, over the last axis (other axes are moved last by a
 * transposed view). Backward rules, with {@code y} the forward output and {@code g} the output gradient:
 * softmax {@code dx = y·(g − Σ g·y)}; log-softmax {@code dx = g − exp(y)·Σ g}; cross-entropy
 * {@code dlogits = (softmax − onehot)/N}.
 */
public final class SoftmaxOps {

    private SoftmaxOps() {}

    public static Tensor softmax(Tensor x, int axis) {
        return alongLast(x, axis, false);
    }

    public static Tensor logSoftmax(Tensor x, int axis) {
        return alongLast(x, axis, true);
    }

    private static Tensor alongLast(Tensor x, int axis, boolean log) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException((log ? "logSoftmax" : "softmax") + ": needs at least one axis, got a scalar");
        }
        int a = x.shape().axis(axis);
        if (a != x.rank() - 1) {
            return alongLast(x.transpose(a, -1), -1, log).transpose(a, -1);
        }
        int cols = x.dim(-1);
        int rows = cols == 0 ? 0 : x.size() / cols;
        Tensor xc = Raw.contiguous(x);
        Tensor y = Tensor.empty(x.shape());
        if (log) {
            Softmax.logSoftmax(xc.data(), xc.offset(), y.data(), 0, rows, cols);
        } else {
            Softmax.softmax(xc.data(), xc.offset(), y.data(), 0, rows, cols);
        }
        return Graph.record(y, log ? "logSoftmax" : "softmax", g -> {
            Tensor gc = Raw.contiguous(g);
            Tensor gx = Tensor.empty(x.shape());
            float[] gd = gc.data();
            float[] yd = y.data();
            float[] out = gx.data();
            int go = gc.offset();
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                if (log) {
                    float s = Reduce.sum(gd, go + base, cols);
                    for (int c = 0; c < cols; c++) {
                        out[base + c] = gd[go + base + c] - (float) Math.exp(yd[base + c]) * s;
                    }
                } else {
                    float dot = Reduce.dot(gd, go + base, yd, base, cols);
                    for (int c = 0; c < cols; c++) {
                        out[base + c] = yd[base + c] * (gd[go + base + c] - dot);
                    }
                }
            }
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * Mean cross-entropy {@code −(1/N) Σ log softmax(logits)[i, labels[i]]} of logits {@code [N, C]}; a scalar.
     * The per-sample losses are summed in double.
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be [N, C], got " + logits.shape());
        }
        int n = logits.dim(0);
        int c = logits.dim(1);
        if (labels.length != n) {
            throw new IllegalArgumentException("crossEntropy: logits " + logits.shape() + " need " + n
                    + " labels, got " + labels.length);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[i] + " at sample " + i
                        + " is outside [0, " + c + ") for logits " + logits.shape());
            }
        }
        Tensor xc = Raw.contiguous(logits);
        // The probabilities are kept for backward, which is then one pass: (p − onehot)·g/N.
        Tensor probs = Tensor.empty(logits.shape());
        float[] rowLoss = Tensor.empty(Shape.of(n)).data();
        SoftmaxCrossEntropy.forward(xc.data(), xc.offset(), n, c, labels, probs.data(), rowLoss);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += rowLoss[i];
        }
        Tensor loss = Tensor.empty(Shape.scalar());
        loss.data()[0] = (float) (total / n);
        int[] saved = Workspace.intArray(n);
        System.arraycopy(labels, 0, saved, 0, n);
        return Graph.record(loss, "crossEntropy", g -> {
            Tensor gx = Tensor.empty(logits.shape());
            SoftmaxCrossEntropy.backward(probs.data(), n, c, saved, g.item() / n, gx.data());
            return new Tensor[] {gx};
        }, logits);
    }
}
