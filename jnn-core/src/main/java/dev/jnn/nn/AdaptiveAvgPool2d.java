package dev.jnn.nn;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * Average pooling to a fixed output size {@code [N, C, H, W] → [N, C, outH, outW]} whatever the input size
 * (PyTorch's {@code AdaptiveAvgPool2d}, used by torchvision's AlexNet and VGG so that inputs other than 224×224
 * work). Output cell {@code i} averages input rows {@code [floor(i·H/outH), ceil((i+1)·H/outH))}, likewise columns.
 * When the output size divides the input size this is plain average pooling with kernel = stride = H/outH (the
 * identity when they are equal, as for AlexNet and VGG at 224×224); otherwise the windows overlap or differ in size
 * and each row and column band is averaged separately (a rectangle's mean is the mean of its row means). No
 * parameters; zero multiply-accumulates.
 */
public final class AdaptiveAvgPool2d extends Module implements ShapeInference {

    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 1, got " + outH + "x" + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected [N, C, H, W]");
        }
        int h = x.dim(2);
        int w = x.dim(3);
        if (h == outH && w == outW) {
            return x;
        }
        if (h % outH == 0 && w % outW == 0) {
            int kh = h / outH;
            int kw = w / outW;
            return new AvgPool2d(kh, kw, kh, kw).forward(x);
        }
        return bands(bands(x, 2, outH), 3, outW);
    }

    /** Means of the adaptive bands along {@code axis}, stacked in order. */
    private static Tensor bands(Tensor x, int axis, int out) {
        int in = x.dim(axis);
        if (in == out) {
            return x;
        }
        Tensor[] parts = new Tensor[out];
        for (int i = 0; i < out; i++) {
            int start = (int) ((long) i * in / out);
            int end = (int) (((long) (i + 1) * in + out - 1) / out);
            parts[i] = x.narrow(axis, start, end - start).mean(true, axis);
        }
        return Tensor.concat(axis, parts);
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 3) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + in + ": expected [C, H, W]");
        }
        return Shape.of(in.dim(0), outH, outW);
    }

    @Override
    public long macs(Shape in) {
        return 0;
    }

    @Override
    public String describe() {
        return "AdaptiveAvgPool2d(" + outH + "x" + outW + ")";
    }
}
