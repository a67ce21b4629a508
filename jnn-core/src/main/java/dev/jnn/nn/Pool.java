package dev.jnn.nn;

import dev.jnn.autograd.ops.PoolOps;
import dev.jnn.kernel.Pool2dShape;
import dev.jnn.tensor.Tensor;

/**
 * Max and average pooling over {@code [N, C, H, W]} (2-D) or {@code [N, C, L]} (1-D), as PyTorch defines them:
 * the stride defaults to the kernel size, padding (at most half the kernel) adds −∞ for max and zeros for average,
 * and average pooling counts padded positions in its divisor unless {@link #countIncludePad(boolean)
 * countIncludePad(false)}. {@link #ceilMode(boolean) ceilMode(true)} rounds the output size up (2-D only).
 * No parameters.
 * <pre>{@code
 * Pool.max2d(2)                            // 2×2 windows, stride 2
 * Pool.max2d(3).stride(2).padding(1)       // ResNet's stem
 * Pool.avg2d(2)
 * }</pre>
 */
public final class Pool extends Module {

    private enum Kind { MAX, AVG }

    private final Kind kind;
    private final int dims;
    private final int kernel;
    private int stride;
    private int padding;
    private boolean countIncludePad = true;
    private boolean ceilMode;

    private Pool(Kind kind, int dims, int kernel) {
        if (kernel < 1) {
            throw new IllegalArgumentException("Pool: kernel must be >= 1, got " + kernel);
        }
        this.kind = kind;
        this.dims = dims;
        this.kernel = kernel;
        this.stride = kernel;
    }

    public static Pool max2d(int kernel) {
        return new Pool(Kind.MAX, 2, kernel);
    }

    public static Pool avg2d(int kernel) {
        return new Pool(Kind.AVG, 2, kernel);
    }

    public static Pool max1d(int kernel) {
        return new Pool(Kind.MAX, 1, kernel);
    }

    public static Pool avg1d(int kernel) {
        return new Pool(Kind.AVG, 1, kernel);
    }

    /** The step between windows (default: the kernel size). Returns this. */
    public Pool stride(int s) {
        if (s < 1) {
            throw new IllegalArgumentException(describe() + ": stride must be >= 1, got " + s);
        }
        stride = s;
        return this;
    }

    /** Padding on each side, at most half the kernel. Returns this. */
    public Pool padding(int p) {
        if (p < 0 || 2 * p > kernel) {
            throw new IllegalArgumentException(describe() + ": padding must be in [0, kernel/2], got " + p);
        }
        padding = p;
        return this;
    }

    /** Average pooling only: whether padded zeros count in the divisor (default true, as PyTorch). Returns this. */
    public Pool countIncludePad(boolean on) {
        countIncludePad = on;
        return this;
    }

    /** Rounds the output size up instead of down (2-D only; GoogLeNet uses it). Returns this. */
    public Pool ceilMode(boolean on) {
        if (on && dims != 2) {
            throw new IllegalArgumentException(describe() + ": ceil mode is supported for 2-D pooling only");
        }
        ceilMode = on;
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != dims + 2) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected "
                    + (dims == 2 ? "[N, C, H, W]" : "[N, C, L]"));
        }
        if (dims == 1) {
            return kind == Kind.MAX ? PoolOps.maxPool1d(x, kernel, stride, padding)
                    : PoolOps.avgPool1d(x, kernel, stride, padding, countIncludePad);
        }
        Pool2dShape s;
        try {
            s = new Pool2dShape(x.dim(0), x.dim(1), x.dim(2), x.dim(3), kernel, kernel, stride, stride, padding,
                    padding, ceilMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": " + e.getMessage(), e);
        }
        return kind == Kind.MAX ? PoolOps.maxPool2d(x, s) : PoolOps.avgPool2d(x, s, countIncludePad);
    }

    @Override
    public String describe() {
        return (kind == Kind.MAX ? "MaxPool" : "AvgPool") + dims + "d(" + kernel + (stride != kernel ? ", stride="
                + stride : "") + (padding != 0 ? ", padding=" + padding : "") + (ceilMode ? ", ceil" : "")
                + (kind == Kind.AVG && !countIncludePad ? ", excluding padding" : "") + ")";
    }
}
