package dev.jnn.kernel;

/**
 * Geometry of 2-D pooling over input {@code [batch, channels, inH, inW]} to output {@code [batch, channels, outH,
 * outW]}, contiguous row-major, offset 0.
 *
 * <p>Output sizes follow PyTorch: {@code out = floor((in + 2·pad − kernel) / stride) + 1}, or with {@code ceilMode}
 * the ceiling, except that a last window that would start past the input and its left padding is dropped (it would
 * only see right padding). Padding may be at most half the kernel, as in PyTorch, so that every window sees at least
 * one real input element.
 */
public record Pool2dShape(int batch, int channels, int inH, int inW, int kernelH, int kernelW, int strideH,
                          int strideW, int padH, int padW, boolean ceilMode) {

    public Pool2dShape {
        if (batch < 1 || channels < 1 || inH < 1 || inW < 1 || kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("pool2d: sizes must be positive, got batch=" + batch + " channels="
                    + channels + " in=" + inH + "x" + inW + " kernel=" + kernelH + "x" + kernelW);
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("pool2d: stride must be >= 1, got " + strideH + "x" + strideW);
        }
        if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("pool2d: padding " + padH + "x" + padW
                    + " must be >= 0 and at most half the kernel " + kernelH + "x" + kernelW);
        }
        if (outSize(inH, kernelH, strideH, padH, ceilMode) < 1 || outSize(inW, kernelW, strideW, padW, ceilMode) < 1) {
            throw new IllegalArgumentException("pool2d: kernel " + kernelH + "x" + kernelW + " does not fit input "
                    + inH + "x" + inW + " with padding " + padH + "x" + padW + ": use a smaller kernel or pad");
        }
    }

    /** A 1-D pooling over input {@code [batch, channels, length]} as a 2-D one with height 1. */
    public static Pool2dShape pool1d(int batch, int channels, int length, int kernel, int stride, int pad,
                                     boolean ceilMode) {
        return new Pool2dShape(batch, channels, 1, length, 1, kernel, 1, stride, 0, pad, ceilMode);
    }

    /** Square-window convenience: kernel k, stride s, padding p on both axes, floor mode. */
    public static Pool2dShape square(int batch, int channels, int inH, int inW, int k, int s, int p) {
        return new Pool2dShape(batch, channels, inH, inW, k, k, s, s, p, p, false);
    }

    static int outSize(int in, int k, int stride, int pad, boolean ceil) {
        long avail = (long) in + 2L * pad - k;
        if (avail < 0) {
            return 0;
        }
        long out = (ceil ? (avail + stride - 1) / stride : avail / stride) + 1;
        // The last window must start inside the input or its left padding.
        if (ceil && (out - 1) * stride >= (long) in + pad) {
            out--;
        }
        return (int) out;
    }

    public int outH() {
        return outSize(inH, kernelH, strideH, padH, ceilMode);
    }

    public int outW() {
        return outSize(inW, kernelW, strideW, padW, ceilMode);
    }

    public int inputSize() {
        return Math.multiplyExact(Math.multiplyExact(batch, channels), Math.multiplyExact(inH, inW));
    }

    public int outputSize() {
        return Math.multiplyExact(Math.multiplyExact(batch, channels), Math.multiplyExact(outH(), outW()));
    }

    /** 2×2 windows, stride 2, no padding, no partial window (floor mode, or ceil mode on even sizes). */
    boolean isHalving() {
        return kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2 && padH == 0 && padW == 0
                && outH() == inH / 2 && outW() == inW / 2;
    }

    void checkLength(String op, String name, float[] a, int needed) {
        checkLength(op, name, a == null, a == null ? 0 : a.length, needed);
    }

    void checkLength(String op, String name, int[] a, int needed) {
        checkLength(op, name, a == null, a == null ? 0 : a.length, needed);
    }

    private void checkLength(String op, String name, boolean isNull, int length, int needed) {
        if (isNull) {
            throw new IllegalArgumentException(op + ": " + name + " is null (" + this + ")");
        }
        if (length < needed) {
            throw new IllegalArgumentException(op + ": " + name + " needs " + needed
                    + " elements but the array holds " + length + " (" + this + ")");
        }
    }

    /**
     * Runs {@code body} once per {@code batch·channels} plane, planes split over the threads so that each chunk does
     * at least ~32K element visits ({@code workPerPlane} per plane) and small inputs stay on one thread.
     */
    void forEachPlane(long workPerPlane, java.util.function.IntConsumer body) {
        int grain = (int) Math.max(1, 32_768 / Math.max(1, workPerPlane));
        Parallel.forRange(batch() * channels(), grain, (from, to) -> {
            for (int p = from; p < to; p++) {
                body.accept(p);
            }
        });
    }
}
