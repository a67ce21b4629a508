package dev.jnn.models;

import dev.jnn.autograd.ops.SubsampleOps;
import dev.jnn.nn.Module;
import dev.jnn.nn.ShapeInference;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * The parameter-free shortcut of He et al. 2016 (§3.3 and §4.2, "option A") for a residual block that halves the
 * size and widens the maps: take every {@code stride}-th row and column, then append zero maps (half before, half
 * after, as the common CIFAR implementations do) to reach {@code out} channels. {@code [N, in, H, W] → [N, out,
 * ceil(H/stride), ceil(W/stride)]}. No parameters, no multiply-accumulates; one op ({@link SubsampleOps}).
 */
final class ShortcutA extends Module implements ShapeInference {

    private final int in;
    private final int out;
    private final int stride;

    ShortcutA(int in, int out, int stride) {
        if (out < in || stride < 1) {
            throw new IllegalArgumentException("ShortcutA: needs out >= in and stride >= 1, got " + in + "→" + out
                    + " stride " + stride);
        }
        this.in = in;
        this.out = out;
        this.stride = stride;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != in) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected [N, " + in + ", H, W]");
        }
        int extra = out - in;
        return SubsampleOps.subsamplePad(x, stride, extra / 2, extra - extra / 2);
    }

    @Override
    public Shape outputShape(Shape s) {
        if (s.rank() != 3 || s.dim(0) != in) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + s + ": expected [" + in
                    + ", H, W]");
        }
        return Shape.of(out, (s.dim(1) + stride - 1) / stride, (s.dim(2) + stride - 1) / stride);
    }

    @Override
    public long macs(Shape s) {
        return 0;
    }

    @Override
    public String describe() {
        return "ShortcutA(" + in + "→" + out + ", stride=" + stride + ", zero-padded identity)";
    }
}
