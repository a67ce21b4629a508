package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax cross-entropy on logits {@code [rows, cols]} with integer labels, fused: the forward pass keeps the softmax
 * probabilities, so the backward pass is one sweep {@code dlogits = (p − onehot)·scale}.
 *
 * <p>Forward, per row: {@code m = max x}, {@code e = exp(x − m)} (every element through the vector exponential, the
 * ragged end of a block by a masked vector, so an element's value does not depend on where a thread's block
 * starts), {@code s = Σ e}, {@code p = e·(1/s)} and the row's loss {@code −((x[label] − m) − log s)}, exact even when
 * p[label] underflows. Rows are split over threads; per-row results depend only on the row.
 */
public final class SoftmaxCrossEntropy {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Elements below which one thread does the whole pass. */
    private static final int GRAIN = 1 << 15;

    private SoftmaxCrossEntropy() {}

    /**
     * Writes the softmax of every row of {@code x[xOff..]} into {@code probs[0..]} and each row's loss
     * {@code −log softmax(x)[label]} into {@code rowLoss[r]}. Labels must lie in {@code [0, cols)}.
     */
    public static void forward(float[] x, int xOff, int rows, int cols, int[] labels, float[] probs,
                               float[] rowLoss) {
        int grainRows = Math.max(1, GRAIN / Math.max(1, cols));
        Parallel.forRange(rows, grainRows, (from, to) -> forwardRows(x, xOff, from, to, cols, labels, probs, rowLoss));
    }

    /** {@code grad = probs·scale}, then {@code grad[r][labels[r]] −= scale}: the gradient of {@code scale·Σ loss}. */
    public static void backward(float[] probs, int rows, int cols, int[] labels, float scale, float[] grad) {
        int grainRows = Math.max(1, GRAIN / Math.max(1, cols));
        Parallel.forRange(rows, grainRows, (from, to) -> {
            scaleRange(probs, from * cols, scale, grad, (to - from) * cols);
            for (int r = from; r < to; r++) {
                grad[r * cols + labels[r]] -= scale;
            }
        });
    }

    private static void forwardRows(float[] x, int xOff, int from, int to, int cols, int[] labels, float[] p,
                                    float[] rowLoss) {
        for (int r = from; r < to; r++) {
            int xo = xOff + r * cols;
            float max = Reduce.max(x, xo, cols);
            rowLoss[r] = x[xo + labels[r]] - max; // the shifted logit of the label, finished below
            subtractRow(x, xo, max, p, r * cols, cols);
        }
        expRange(p, from * cols, (to - from) * cols);
        for (int r = from; r < to; r++) {
            int po = r * cols;
            float sum = Reduce.sum(p, po, cols);
            rowLoss[r] = -(rowLoss[r] - (float) Math.log(sum));
            scaleRange(p, po, 1f / sum, p, cols);
        }
    }

    private static void subtractRow(float[] x, int xo, float s, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xo + i).sub(s).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = x[xo + i] - s;
        }
    }

    private static void expRange(float[] a, int off, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FastMath.exp(FloatVector.fromArray(F, a, off + i)).intoArray(a, off + i);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FastMath.exp(FloatVector.fromArray(F, a, off + i, m)).intoArray(a, off + i, m);
        }
    }

    private static void scaleRange(float[] a, int off, float s, float[] out, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, a, off + i).mul(s).intoArray(out, off + i);
        }
        for (; i < n; i++) {
            out[off + i] = a[off + i] * s;
        }
    }
}
