package dev.jnn.nn;

import dev.jnn.autograd.ops.ConvOps;
import dev.jnn.kernel.UnaryOp;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * A 2-D convolution (cross-correlation, as in every deep-learning library) over images {@code [N, C, H, W]}.
 *
 * <pre>
 *   y[n, o, i, j] = b[o] + Σ_{c ∈ group(o)} Σ_{p, q} W[o, c, p, q] · x[n, c, i·sH + p·dH − padTop, j·sW + q·dW − padLeft]
 *   outH = floor((H + padTop + padBottom − dH·(kH − 1) − 1) / sH) + 1        (likewise outW)
 * </pre>
 * <ul>
 *   <li>{@code weight} W: {@code [outChannels, inChannels/groups, kH, kW]} (PyTorch's layout), default initializer
 *       <b>Glorot (Xavier) uniform</b>, U(−r, r) with {@code r = √(6 / (fanIn + fanOut))}, fanIn =
 *       {@code inChannels/groups·kH·kW}, fanOut = {@code outChannels·kH·kW}: Keras' default, chosen so that Conv2d and
 *       {@link Dense} start the same way. PyTorch's default (kaiming-uniform with a = √5, i.e. U(±1/√fanIn)) is
 *       {@code weightInit(Initializer.uniform(-1/√fanIn, 1/√fanIn))}; ResNets usually ask for {@code heNormal()}.</li>
 *   <li>{@code bias} b: {@code [outChannels]}, default <b>zeros</b>; {@link #useBias(boolean) useBias(false)} drops it
 *       (before a batch normalization it is redundant).</li>
 *   <li>Stride, dilation (per axis or both), padding as numbers (PyTorch) or {@link Padding#SAME}/{@link
 *       Padding#VALID} (Keras), and groups (input and output channels split into independent blocks;
 *       {@code groups == in == out} is a depthwise convolution).</li>
 * </ul>
 * {@code new Conv2d(1, 6, 5)} creates its parameters now; {@code new Conv2d(6, 5)} reads the input channels from its
 * first input (or from {@link #outputShape}, or a loaded state). Configure before first use; methods return this.
 */
public final class Conv2d extends Convolution<Conv2d> {

    private final int kh;
    private final int kw;
    private int strideH = 1;
    private int strideW = 1;
    private int dilationH = 1;
    private int dilationW = 1;
    private int padH;
    private int padW;
    private Padding mode;

    /** {@code in → out} channels with a square {@code kernel × kernel} window. */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, kernel);
    }

    /** {@code in → out} channels with a {@code kernelH × kernelW} window; {@code in = 0} infers it later. */
    public Conv2d(int in, int out, int kernelH, int kernelW) {
        if (in < 0 || out < 1 || kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("Conv2d: need in >= 0 (0: infer), out >= 1 and a kernel >= 1, got in="
                    + in + " out=" + out + " kernel=" + kernelH + "x" + kernelW);
        }
        super(out);
        this.kh = kernelH;
        this.kw = kernelW;
        if (in > 0) {
            create(in);
        }
    }

    /** A lazy layer: {@code out} channels, square kernel, input channels read from the first input. */
    public Conv2d(int out, int kernel) {
        this(0, out, kernel, kernel);
    }

    @Override
    int[] kernel() {
        return new int[] {kh, kw};
    }

    public Conv2d stride(int s) {
        return stride(s, s);
    }

    public Conv2d stride(int sh, int sw) {
        if (sh < 1 || sw < 1) {
            throw new IllegalArgumentException(describe() + ": stride must be >= 1, got " + sh + "x" + sw);
        }
        strideH = sh;
        strideW = sw;
        return this;
    }

    /** The same explicit zero padding on all four sides. */
    public Conv2d padding(int p) {
        return padding(p, p);
    }

    /** {@code ph} rows above and below, {@code pw} columns left and right. */
    public Conv2d padding(int ph, int pw) {
        if (ph < 0 || pw < 0) {
            throw new IllegalArgumentException(describe() + ": padding must be >= 0, got " + ph + "x" + pw);
        }
        padH = ph;
        padW = pw;
        mode = null;
        return this;
    }

    /** {@link Padding#SAME} or {@link Padding#VALID}. */
    public Conv2d padding(Padding p) {
        if (p == null) {
            throw new IllegalArgumentException(describe() + ": padding mode is null");
        }
        mode = p;
        return this;
    }

    public Conv2d dilation(int d) {
        return dilation(d, d);
    }

    public Conv2d dilation(int dh, int dw) {
        if (dh < 1 || dw < 1) {
            throw new IllegalArgumentException(describe() + ": dilation must be >= 1, got " + dh + "x" + dw);
        }
        dilationH = dh;
        dilationW = dw;
        return this;
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    /** Rows {before, after} and columns {before, after} of zeros for an input of {@code h × w}. */
    private int[] pads(int h, int w) {
        if (mode == null) {
            return new int[] {padH, padH, padW, padW};
        }
        int[] ph = mode.amounts(h, kh, strideH, dilationH);
        int[] pw = mode.amounts(w, kw, strideW, dilationW);
        return new int[] {ph[0], ph[1], pw[0], pw[1]};
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, UnaryOp.IDENTITY);
    }

    /**
     * {@code act(forward(x))} as one op (IDENTITY, RELU, TANH or SIGMOID): the activation is applied to each image's
     * output while it is still in cache. {@link Sequential} calls it for a convolution followed by such an
     * activation.
     */
    public Tensor forward(Tensor x, UnaryOp act) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected [N, C, H, W]"
                    + (x.rank() == 3 ? "; add a batch axis with unsqueeze(0), or use Conv1d for [N, C, L]" : ""));
        }
        checkChannels(x.dim(1), x.shape());
        int[] p = pads(x.dim(2), x.dim(3));
        checkFits(x.dim(2), x.dim(3), p, x.shape());
        // Asymmetric SAME padding: the extra zero row/column at the end is added explicitly.
        Tensor xp = ZeroPadding2d.pad(ZeroPadding2d.pad(x, 2, 0, p[1] - p[0]), 3, 0, p[3] - p[2]);
        return ConvOps.conv2d(xp, weight.tensor(), bias == null ? null : bias.tensor(), strideH, strideW, p[0], p[2],
                dilationH, dilationW, groups, act);
    }

    private void checkFits(int h, int w, int[] p, Object shape) {
        if (Padding.outSize(h, p[0], p[1], kh, strideH, dilationH) < 1
                || Padding.outSize(w, p[2], p[3], kw, strideW, dilationW) < 1) {
            throw new IllegalArgumentException(describe() + " got input " + shape + ": the " + kh + "x" + kw
                    + " kernel (dilation " + dilationH + "x" + dilationW + ") does not fit; pad the input or use a"
                    + " smaller kernel");
        }
    }

    @Override
    public Shape outputShape(Shape s) {
        if (s.rank() != 3) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + s + ": expected [C, H, W]");
        }
        checkChannels(s.dim(0), s);
        int[] p = pads(s.dim(1), s.dim(2));
        checkFits(s.dim(1), s.dim(2), p, s);
        return Shape.of(out, Padding.outSize(s.dim(1), p[0], p[1], kh, strideH, dilationH),
                Padding.outSize(s.dim(2), p[2], p[3], kw, strideW, dilationW));
    }

    @Override
    public long macs(Shape s) {
        Shape o = outputShape(s);
        return (long) o.size() * (in / groups) * kh * kw;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Conv2d(").append(in == 0 ? "?" : Integer.toString(in)).append("→")
                .append(out).append(", ").append(kh).append('x').append(kw);
        if (strideH != 1 || strideW != 1) {
            sb.append(", stride=").append(strideH == strideW ? "" + strideH : strideH + "x" + strideW);
        }
        if (mode != null) {
            sb.append(", padding=").append(mode);
        } else if (padH != 0 || padW != 0) {
            sb.append(", padding=").append(padH == padW ? "" + padH : padH + "x" + padW);
        }
        if (dilationH != 1 || dilationW != 1) {
            sb.append(", dilation=").append(dilationH == dilationW ? "" + dilationH : dilationH + "x" + dilationW);
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (!useBias) {
            sb.append(", no bias");
        }
        return sb.append(')').toString();
    }
}
