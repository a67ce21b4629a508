package dev.jnn.autograd.ops;

import dev.jnn.autograd.Graph;
import dev.jnn.kernel.AvgPool2dKernel;
import dev.jnn.kernel.MaxPool2dKernel;
import dev.jnn.kernel.Pool2dShape;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;

/**
 * Max and average pooling over {@code [N, C, H, W]} (or {@code [N, C, L]} for the 1-D forms, run as height 1).
 * Max pooling saves where each maximum came from and routes the gradient there; average pooling spreads it evenly
 * over the window (dividing by the window size, or by the unpadded part with {@code countIncludePad = false}).
 */
public final class PoolOps {

    private PoolOps() {}

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        Pool2dShape s = shape2d("maxPool2d", x, kernel, stride, padding, false);
        return max("maxPool2d", x, s, Shape.of(s.batch(), s.channels(), s.outH(), s.outW()));
    }

    /** Full form: separate kernel, stride and padding per axis, and PyTorch's ceil mode. */
    public static Tensor maxPool2d(Tensor x, Pool2dShape s) {
        checkInput("maxPool2d", x, s);
        return max("maxPool2d", x, s, Shape.of(s.batch(), s.channels(), s.outH(), s.outW()));
    }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding, boolean countIncludePad) {
        Pool2dShape s = shape2d("avgPool2d", x, kernel, stride, padding, false);
        return avg("avgPool2d", x, s, Shape.of(s.batch(), s.channels(), s.outH(), s.outW()), countIncludePad);
    }

    public static Tensor avgPool2d(Tensor x, Pool2dShape s, boolean countIncludePad) {
        checkInput("avgPool2d", x, s);
        return avg("avgPool2d", x, s, Shape.of(s.batch(), s.channels(), s.outH(), s.outW()), countIncludePad);
    }

    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding) {
        Pool2dShape s = shape1d("maxPool1d", x, kernel, stride, padding);
        return max("maxPool1d", x, s, Shape.of(s.batch(), s.channels(), s.outW()));
    }

    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean countIncludePad) {
        Pool2dShape s = shape1d("avgPool1d", x, kernel, stride, padding);
        return avg("avgPool1d", x, s, Shape.of(s.batch(), s.channels(), s.outW()), countIncludePad);
    }

    private static Pool2dShape shape2d(String op, Tensor x, int k, int stride, int pad, boolean ceil) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": input must be [N, C, H, W], got " + x.shape());
        }
        return new Pool2dShape(x.dim(0), x.dim(1), x.dim(2), x.dim(3), k, k, stride, stride, pad, pad, ceil);
    }

    private static Pool2dShape shape1d(String op, Tensor x, int k, int stride, int pad) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(op + ": input must be [N, C, L], got " + x.shape());
        }
        return Pool2dShape.pool1d(x.dim(0), x.dim(1), x.dim(2), k, stride, pad, false);
    }

    private static void checkInput(String op, Tensor x, Pool2dShape s) {
        if (!x.shape().equals(Shape.of(s.batch(), s.channels(), s.inH(), s.inW()))) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " does not match " + s);
        }
    }

    private static Tensor max(String op, Tensor input, Pool2dShape s, Shape out) {
        Tensor x = Raw.dense(input);
        Tensor y = Tensor.empty(out);
        int[] argmax = Workspace.intArray(s.outputSize());
        MaxPool2dKernel.forward(s, x.data(), y.data(), argmax);
        return Graph.record(y, op, g -> {
            Tensor gx = Tensor.empty(input.shape());
            MaxPool2dKernel.backward(s, Raw.dense(g).data(), argmax, gx.data());
            return new Tensor[] {gx};
        }, input);
    }

    private static Tensor avg(String op, Tensor input, Pool2dShape s, Shape out, boolean countIncludePad) {
        Tensor x = Raw.dense(input);
        Tensor y = Tensor.empty(out);
        AvgPool2dKernel.forward(s, x.data(), y.data(), countIncludePad);
        return Graph.record(y, op, g -> {
            Tensor gx = Tensor.empty(input.shape());
            AvgPool2dKernel.backward(s, Raw.dense(g).data(), gx.data(), countIncludePad);
            return new Tensor[] {gx};
        }, input);
    }
}
