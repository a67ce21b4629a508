package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.kernel.BatchNormKernel;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * Batch normalization as one fused op through {@link BatchNormKernel}: input {@code [N, C, ...]}, γ and β {@code [C]}
 * → output of the input's shape. Backward gives the gradients of x, γ and β in two passes over the data; it saves
 * only the per-channel mean and 1/√(var + ε). {@link #batchNormRelu} also fuses the ReLU that follows and,
 * optionally, a residual addition before it ({@link BatchNormKernel#forwardTrainRelu}).
 */
public final class NormalizationOps {

    private NormalizationOps() {}

    /**
     * {@code y = γ·(x − μ)/√(σ² + ε) + β} per channel (axis 1). With {@code training}, μ and σ² are the batch's
     * mean and biased variance, and the running statistics (when not null) are updated in place as
     * {@code running ← (1 − momentum)·running + momentum·batch}, the variance unbiased by {@code n/(n − 1)};
     * otherwise μ and σ² are the running statistics, which must then be given.
     */
    public static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   boolean training, float momentum, float eps) {
        return run(x, gamma, beta, runningMean, runningVar, training, momentum, eps, false, null);
    }

    /**
     * {@code relu(batchNorm(x) + addend)} as one op, the addend (null for none) of x's shape: the same values as
     * the three ops apart, bit for bit, in one pass over memory instead of three forward and two backward.
     */
    public static Tensor batchNormRelu(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                       boolean training, float momentum, float eps, Tensor addend) {
        if (addend != null && !addend.shape().equals(x.shape())) {
            throw new IllegalArgumentException("batchNormRelu: addend " + addend.shape() + " must have the input's"
                    + " shape " + x.shape());
        }
        return run(x, gamma, beta, runningMean, runningVar, training, momentum, eps, true, addend);
    }

    private static Tensor run(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                              boolean training, float momentum, float eps, boolean relu, Tensor addend) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("batchNorm: input must be [N, C, ...], got " + x.shape());
        }
        int c = x.dim(1);
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
                throw new IllegalArgumentException("batchNorm: input " + x.shape() + " has " + c
                        + " channels, so weight, bias and running statistics must be [" + c + "], got " + t.shape());
            }
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: evaluation mode needs the running mean and variance");
        }
        var s = new BatchNormKernel.Layout(x.dim(0), c, x.size() / (x.dim(0) * c));
        Tensor xd = Raw.dense(x);
        float[] w = Raw.dense(gamma).data();
        float[] b = Raw.dense(beta).data();
        float[] add = addend == null ? null : Raw.dense(addend).data();
        Tensor y = Tensor.empty(x.shape());
        float[] mean;
        float[] invStd = Tensor.empty(Shape.of(c)).data();
        if (training) {
            if (s.count() < 2) {
                throw new IllegalArgumentException("batchNorm: input " + x.shape() + " in training mode has one value"
                        + " per channel; batch statistics need more (use a larger batch or evaluation mode)");
            }
            mean = Tensor.empty(Shape.of(c)).data();
            float[] var = Tensor.empty(Shape.of(c)).data();
            if (relu) {
                BatchNormKernel.forwardTrainRelu(s, xd.data(), w, b, eps, add, y.data(), mean, var, invStd);
            } else {
                BatchNormKernel.forwardTrain(s, xd.data(), w, b, eps, y.data(), mean, var, invStd);
            }
            if (runningMean != null) {
                updateRunning(runningMean, mean, momentum, momentum);
            }
            if (runningVar != null) {
                int n = s.count();
                updateRunning(runningVar, var, momentum, momentum * n / (n - 1f));
            }
        } else {
            mean = Raw.dense(runningMean).data();
            float[] var = Raw.dense(runningVar).data();
            if (relu) {
                BatchNormKernel.forwardEvalRelu(s, xd.data(), mean, var, w, b, eps, add, y.data());
            } else {
                BatchNormKernel.forwardEval(s, xd.data(), mean, var, w, b, eps, y.data());
            }
            for (int ch = 0; ch < c; ch++) {
                invStd[ch] = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
            }
            mean = java.util.Arrays.copyOf(mean, c); // the running mean may change before backward
        }
        float[] savedMean = mean;
        if (!relu) {
            return Graph.recordSaving(y, "batchNorm", g -> {
                Tensor gy = Raw.dense(g);
                Tensor gx = x.requiresGrad() ? Tensor.empty(x.shape()) : null;
                Tensor gGamma = Tensor.empty(Shape.of(c));
                Tensor gBeta = Tensor.empty(Shape.of(c));
                BatchNormKernel.backward(s, gy.data(), xd.data(), savedMean, invStd, w, training,
                        gx == null ? null : gx.data(), gGamma.data(), gBeta.data());
                return new Tensor[] {gx, gamma.requiresGrad() ? gGamma : null, beta.requiresGrad() ? gBeta : null};
            }, new Tensor[] {x, xd, gamma}, x, gamma, beta); // not y: the layer after it may hand y back
        }
        return Graph.recordSaving(y, "batchNormRelu", g -> {
            Tensor gy = Raw.dense(g);
            Tensor gx = Tensor.empty(x.shape()); // also the masked gradient's scratch when there is no addend
            Tensor gAdd = addend != null && addend.requiresGrad() ? Tensor.empty(x.shape()) : null;
            Tensor gGamma = Tensor.empty(Shape.of(c));
            Tensor gBeta = Tensor.empty(Shape.of(c));
            BatchNormKernel.backwardRelu(s, gy.data(), y.data(), xd.data(), savedMean, invStd, w, training,
                    gAdd == null ? null : gAdd.data(), gx.data(), gGamma.data(), gBeta.data());
            return new Tensor[] {x.requiresGrad() ? gx : null, gamma.requiresGrad() ? gGamma : null,
                beta.requiresGrad() ? gBeta : null, gAdd};
        }, new Tensor[] {x, xd, gamma, y}, x, gamma, beta, addend); // y: the ReLU's mask; the addend is not read
    }

    /** {@code running ← running·(1 − momentum) + batch·factor}, in place, off the tape. */
    private static void updateRunning(Tensor running, float[] batch, float momentum, float factor) {
        if (!running.isContiguous()) {
            throw new IllegalArgumentException("batchNorm: running statistics must be contiguous, got strides of "
                    + running.shape());
        }
        float[] d = running.data();
        int off = running.offset();
        float keep = 1 - momentum;
        for (int i = 0; i < running.size(); i++) {
            d[off + i] = d[off + i] * keep + batch[i] * factor;
        }
    }
}
