package dev.jnn.nn;

import dev.jnn.autograd.ops.ConvOps;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * A 1-D convolution over sequences {@code [N, C, L]}: {@code y[n, o, i] = b[o] + Σ_c Σ_p W[o, c, p] ·
 * x[n, c, i·stride + p·dilation − padLeft]}, {@code outL = floor((L + padLeft + padRight − dilation·(k − 1) − 1) /
 * stride) + 1}. Weight {@code [out, in/groups, k]}, default <b>Glorot uniform</b> (as {@link Conv2d}, which see for
 * the PyTorch alternative); bias {@code [out]}, default <b>zeros</b>. Padding as a number or {@link Padding}; groups,
 * dilation, optional bias; {@code new Conv1d(out, kernel)} infers the input channels.
 */
public final class Conv1d extends Convolution<Conv1d> {

    private final int k;
    private int stride = 1;
    private int dilation = 1;
    private int pad;
    private Padding mode;

    /** {@code in → out} channels with a window of {@code kernel}; {@code in = 0} infers it later. */
    public Conv1d(int in, int out, int kernel) {
        if (in < 0 || out < 1 || kernel < 1) {
            throw new IllegalArgumentException("Conv1d: need in >= 0 (0: infer), out >= 1 and kernel >= 1, got in="
                    + in + " out=" + out + " kernel=" + kernel);
        }
        super(out);
        this.k = kernel;
        if (in > 0) {
            create(in);
        }
    }

    /** A lazy layer reading its input channels from the first input. */
    public Conv1d(int out, int kernel) {
        this(0, out, kernel);
    }

    @Override
    int[] kernel() {
        return new int[] {k};
    }

    public Conv1d stride(int s) {
        if (s < 1) {
            throw new IllegalArgumentException(describe() + ": stride must be >= 1, got " + s);
        }
        stride = s;
        return this;
    }

    public Conv1d padding(int p) {
        if (p < 0) {
            throw new IllegalArgumentException(describe() + ": padding must be >= 0, got " + p);
        }
        pad = p;
        mode = null;
        return this;
    }

    public Conv1d padding(Padding p) {
        if (p == null) {
            throw new IllegalArgumentException(describe() + ": padding mode is null");
        }
        mode = p;
        return this;
    }

    public Conv1d dilation(int d) {
        if (d < 1) {
            throw new IllegalArgumentException(describe() + ": dilation must be >= 1, got " + d);
        }
        dilation = d;
        return this;
    }

    private int[] pads(int length) {
        return mode == null ? new int[] {pad, pad} : mode.amounts(length, k, stride, dilation);
    }

    private int checkedLength(int channels, int length, Object shape) {
        checkChannels(channels, shape);
        int[] p = pads(length);
        int o = Padding.outSize(length, p[0], p[1], k, stride, dilation);
        if (o < 1) {
            throw new IllegalArgumentException(describe() + " got input " + shape + ": the kernel " + k
                    + " (dilation " + dilation + ") does not fit; pad the input or use a smaller kernel");
        }
        return o;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected [N, C, L]");
        }
        checkedLength(x.dim(1), x.dim(2), x.shape());
        int[] p = pads(x.dim(2));
        Tensor xp = ZeroPadding2d.pad(x, 2, 0, p[1] - p[0]);
        return ConvOps.conv1d(xp, weight.tensor(), bias == null ? null : bias.tensor(), stride, p[0], dilation, groups);
    }

    @Override
    public Shape outputShape(Shape s) {
        if (s.rank() != 2) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + s + ": expected [C, L]");
        }
        return Shape.of(out, checkedLength(s.dim(0), s.dim(1), s));
    }

    @Override
    public long macs(Shape s) {
        return (long) outputShape(s).size() * (in / groups) * k;
    }

    @Override
    public String describe() {
        return "Conv1d(" + (in == 0 ? "?" : Integer.toString(in)) + "→" + out + ", k=" + k
                + (stride != 1 ? ", stride=" + stride : "")
                + (mode != null ? ", padding=" + mode : pad != 0 ? ", padding=" + pad : "")
                + (dilation != 1 ? ", dilation=" + dilation : "") + (groups != 1 ? ", groups=" + groups : "")
                + (useBias ? "" : ", no bias") + ")";
    }
}
