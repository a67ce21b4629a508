package dev.jnn.nn;

import dev.jnn.autograd.ops.PoolOps;
import dev.jnn.kernel.Pool2dShape;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * Window pooling, the shared part of {@link MaxPool2d}, {@link AvgPool2d}, {@link MaxPool1d} and {@link AvgPool1d}:
 * kernel, stride (the kernel by default, as in PyTorch and Keras), zero padding of at most half the kernel, and
 * PyTorch's ceil mode ({@code out = ceil(...) + 1}, except that a window starting in the right padding is dropped).
 * <pre>
 *   out = floor((in + 2·pad − kernel) / stride) + 1        (ceil instead of floor in ceil mode)
 * </pre>
 * Padded positions never win a max; an average divides by the whole window unless {@code countIncludePad(false)}.
 * A 1-D pooling runs as a 2-D one of height 1. No parameters; zero multiply-accumulates.
 */
public abstract sealed class Pooling extends Module implements ShapeInference
        permits MaxPool2d, AvgPool2d, MaxPool1d, AvgPool1d {

    private final boolean max;
    private final boolean twoD;
    private final int kh;
    private final int kw;
    private int sh;
    private int sw;
    private int ph;
    private int pw;
    private boolean ceil;
    private boolean countIncludePad = true;

    Pooling(boolean max, boolean twoD, int kernelH, int kernelW, int strideH, int strideW) {
        this.max = max;
        this.twoD = twoD;
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": kernel and stride must be >= 1, got "
                    + "kernel=" + kernelH + "x" + kernelW + " stride=" + strideH + "x" + strideW);
        }
        this.kh = kernelH;
        this.kw = kernelW;
        this.sh = strideH;
        this.sw = strideW;
    }

    /** Zeros on each side of every pooled axis; at most half the kernel. Returns this. */
    public Pooling padding(int p) {
        if (p < 0 || 2 * p > kw || (twoD && 2 * p > kh)) {
            throw new IllegalArgumentException(describe() + ": padding must be in [0, kernel/2], got " + p);
        }
        ph = twoD ? p : 0;
        pw = p;
        return this;
    }

    /** PyTorch's ceil mode (GoogLeNet's pools use it). Returns this. */
    public Pooling ceilMode(boolean on) {
        ceil = on;
        return this;
    }

    /** Average pooling only: whether padded zeros count in the divisor (default true, as in PyTorch). */
    public Pooling countIncludePad(boolean on) {
        if (max) {
            throw new IllegalStateException(describe() + ": countIncludePad applies to average pooling only");
        }
        countIncludePad = on;
        return this;
    }

    private Pool2dShape geometry(int n, int c, int h, int w, Object shape) {
        try {
            return new Pool2dShape(n, c, h, w, kh, kw, sh, sw, ph, pw, ceil);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + " got input " + shape + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        int rank = twoD ? 4 : 3;
        if (x.rank() != rank) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected "
                    + (twoD ? "[N, C, H, W]" : "[N, C, L]"));
        }
        Tensor x4 = twoD ? x : x.reshape(x.dim(0), x.dim(1), 1, x.dim(2));
        Pool2dShape s = geometry(x4.dim(0), x4.dim(1), x4.dim(2), x4.dim(3), x.shape());
        Tensor y = max ? PoolOps.maxPool2d(x4, s) : PoolOps.avgPool2d(x4, s, countIncludePad);
        return twoD ? y : y.reshape(y.dim(0), y.dim(1), y.dim(3));
    }

    @Override
    public Shape outputShape(Shape in) {
        int rank = twoD ? 3 : 2;
        if (in.rank() != rank) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + in + ": expected "
                    + (twoD ? "[C, H, W]" : "[C, L]"));
        }
        Pool2dShape s = geometry(1, in.dim(0), twoD ? in.dim(1) : 1, in.dim(rank - 1), in);
        return twoD ? Shape.of(in.dim(0), s.outH(), s.outW()) : Shape.of(in.dim(0), s.outW());
    }

    @Override
    public long macs(Shape in) {
        return 0;
    }

    @Override
    public String describe() {
        String k = twoD ? (kh == kw ? kh + "" : kh + "x" + kw) : kw + "";
        String s = twoD ? (sh == sw ? sh + "" : sh + "x" + sw) : sw + "";
        return getClass().getSimpleName() + "(" + k + (s.equals(k) ? "" : ", stride=" + s)
                + (pw != 0 ? ", padding=" + pw : "") + (ceil ? ", ceil" : "")
                + (!max && !countIncludePad ? ", exclude pad" : "") + ")";
    }
}
