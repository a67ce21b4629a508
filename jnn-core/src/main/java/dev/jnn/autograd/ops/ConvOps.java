package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.kernel.Conv2dKernel;
import dev.jnn.kernel.Conv2dShape;
import dev.jnn.kernel.LinearEpilogue;
import dev.jnn.kernel.UnaryOp;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;

/**
 * Convolutions (cross-correlation) through {@link Conv2dKernel}: input {@code [N, C, H, W]}, weight
 * {@code [O, C/groups, kH, kW]}, optional bias {@code [O]} → output {@code [N, O, outH, outW]}. A 1-D convolution
 * runs as a 2-D one of height 1 (same memory layout, no copy). Backward: {@code dInput} from
 * {@link Conv2dKernel#backwardInput}, {@code dWeight} and {@code dBias} from {@link Conv2dKernel#backwardWeight}.
 */
public final class ConvOps {

    private ConvOps() {}

    /** 2-D convolution with the same stride, padding and dilation on both axes; {@code bias} may be null. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
                                int groups) {
        return conv2d(input, weight, bias, stride, stride, padding, padding, dilation, dilation, groups);
    }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int strideH, int strideW, int padH,
                                int padW, int dilationH, int dilationW, int groups) {
        return conv2d(input, weight, bias, strideH, strideW, padH, padW, dilationH, dilationW, groups,
                UnaryOp.IDENTITY);
    }

    /**
     * {@code act(conv2d(...))} as one op: the kernel applies the activation to each image's output while it is still
     * in cache, and backward turns the gradient into the pre-activation one, {@code g·act'(y)}, from the output y
     * (IDENTITY, RELU, TANH or SIGMOID).
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int strideH, int strideW, int padH,
                                int padW, int dilationH, int dilationW, int groups, UnaryOp act) {
        if (!LinearEpilogue.supports(act)) {
            throw new IllegalArgumentException("conv2d: activation " + act
                    + " is not fused; use IDENTITY, RELU, SIGMOID or TANH, or apply it separately");
        }
        if (input.rank() != 4 || weight.rank() != 4) {
            throw new IllegalArgumentException("conv2d: input must be [N, C, H, W] and weight [O, C/groups, kH, kW], got "
                    + input.shape() + " and " + weight.shape());
        }
        checkChannels("conv2d", input, weight, bias, groups);
        Conv2dShape s = new Conv2dShape(input.dim(0), input.dim(1), input.dim(2), input.dim(3), weight.dim(0),
                weight.dim(2), weight.dim(3), strideH, strideW, padH, padW, dilationH, dilationW, groups);
        return run("conv2d", s, input, weight, bias, act,
                Shape.of(s.batch(), s.outChannels(), s.outH(), s.outW()));
    }

    /** 1-D convolution: input {@code [N, C, L]}, weight {@code [O, C/groups, k]}, output {@code [N, O, outL]}. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation,
                                int groups) {
        if (input.rank() != 3 || weight.rank() != 3) {
            throw new IllegalArgumentException("conv1d: input must be [N, C, L] and weight [O, C/groups, k], got "
                    + input.shape() + " and " + weight.shape());
        }
        checkChannels("conv1d", input, weight, bias, groups);
        Conv2dShape s = Conv2dShape.conv1d(input.dim(0), input.dim(1), input.dim(2), weight.dim(0), weight.dim(2),
                stride, padding, dilation, groups);
        return run("conv1d", s, input, weight, bias, UnaryOp.IDENTITY, Shape.of(s.batch(), s.outChannels(), s.outW()));
    }

    private static void checkChannels(String op, Tensor input, Tensor weight, Tensor bias, int groups) {
        if (groups < 1 || input.dim(1) != weight.dim(1) * groups) {
            throw new IllegalArgumentException(op + ": input " + input.shape() + " has " + input.dim(1)
                    + " channels but weight " + weight.shape() + " with groups=" + groups + " expects "
                    + (long) weight.dim(1) * groups);
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
            throw new IllegalArgumentException(op + ": bias " + bias.shape() + " must be [" + weight.dim(0)
                    + "] for weight " + weight.shape());
        }
    }

    private static Tensor run(String op, Conv2dShape s, Tensor input, Tensor weight, Tensor bias, UnaryOp act,
                              Shape outShape) {
        Tensor x = Raw.dense(input);
        Tensor w = Raw.dense(weight);
        Tensor b = bias == null ? null : Raw.dense(bias);
        Tensor y = Tensor.empty(outShape);
        Conv2dKernel.forward(s, x.data(), w.data(), b == null ? null : b.data(), act, y.data());
        boolean activated = act != UnaryOp.IDENTITY;
        return Graph.recordSaving(y, op, g -> {
            Tensor gy = Raw.dense(g);
            if (activated) {
                Tensor d = Tensor.empty(y.shape());
                LinearEpilogue.backward(act, gy.data(), 0, y.data(), 0, d.data(), 0, null, 0, 1, d.size());
                gy = d;
            }
            Tensor gx = null;
            if (input.requiresGrad()) {
                gx = Tensor.empty(input.shape());
                Conv2dKernel.backwardInput(s, gy.data(), w.data(), gx.data());
            }
            Tensor gw = null;
            Tensor gb = null;
            if (weight.requiresGrad() || bias != null && bias.requiresGrad()) {
                gw = Tensor.empty(weight.shape());
                gb = bias == null ? null : Tensor.empty(bias.shape());
                Conv2dKernel.backwardWeight(s, x.data(), gy.data(), gw.data(), gb == null ? null : gb.data());
            }
            if (activated) {
                Workspace.release(gy); // the pre-activation gradient: consumed by both passes above
            }
            return new Tensor[] {gx, gw, gb};
        }, activated ? new Tensor[] {input, x, weight, y} : new Tensor[] {input, x, weight}, input, weight, bias);
        // y is saved only when backward reads it (the activation's derivative): otherwise a layer after it may hand
        // y back to the workspace.
    }
}
