package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.kernel.ReluKernel;
import dev.jnn.kernel.UnaryOp;
import dev.jnn.tensor.Tensor;

/**
 * Activations whose backward pass has a faster form than the generic rule in {@link ElementwiseOps}: ReLU's gradient
 * is the output gradient where the output is positive, one fused pass over the saved output.
 */
public final class ActivationOps {

    private ActivationOps() {}

    /** {@code max(x, 0)}; gradient {@code g} where the output is positive, 0 elsewhere (0 at x = 0, as PyTorch). */
    public static Tensor relu(Tensor x) {
        Tensor y = ElementwiseOps.apply(UnaryOp.RELU, x);
        return Graph.recordSaving(y, "relu", g -> {
            Tensor gd = Raw.contiguous(g);
            Tensor gx = Tensor.empty(x.shape());
            ReluKernel.backward(y.data(), y.offset(), gd.data(), gd.offset(), gx.data(), 0, y.size());
            return new Tensor[] {gx};
        }, new Tensor[] {y}, x); // the rule reads the output only, so x can go once consumed
    }
}
