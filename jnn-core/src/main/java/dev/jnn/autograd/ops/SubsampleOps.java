package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.kernel.SubsamplePad;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * The option-A residual shortcut as one differentiable op ({@link SubsamplePad}): every {@code stride}-th row and
 * column of {@code [N, C, H, W]}, with zero channels added before and after. Its backward needs only the shapes, so
 * it saves nothing of its input.
 */
public final class SubsampleOps {

    private SubsampleOps() {}

    /**
     * {@code [N, C, H, W] → [N, before + C + after, ⌈H/stride⌉, ⌈W/stride⌉]}: the same values and gradients as
     * {@code x.slice(2, 0, H, stride).slice(3, 0, W, stride)} padded with zero channels, in one parallel pass.
     */
    public static Tensor subsamplePad(Tensor x, int stride, int before, int after) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("subsamplePad: input " + x.shape() + " must be [N, C, H, W]");
        }
        if (after < 0) {
            throw new IllegalArgumentException("subsamplePad: " + after + " channels after must be >= 0");
        }
        var s = new SubsamplePad.Shape(x.dim(0), x.dim(1), x.dim(2), x.dim(3), stride, before + x.dim(1) + after,
                before);
        Tensor xc = Raw.contiguous(x);
        Tensor y = Tensor.empty(Shape.of(s.n(), s.outC(), s.outH(), s.outW()));
        SubsamplePad.forward(s, xc.data(), xc.offset(), y.data());
        return Graph.recordSaving(y, "subsamplePad", g -> {
            Tensor gc = Raw.contiguous(g);
            Tensor gx = Tensor.empty(x.shape());
            SubsamplePad.backward(s, gc.data(), gc.offset(), gx.data());
            return new Tensor[] {gx};
        }, new Tensor[0], x);
    }
}
