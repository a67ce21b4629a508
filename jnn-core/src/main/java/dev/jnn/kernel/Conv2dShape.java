package dev.jnn.kernel;

/**
 * Geometry of a 2-D convolution (cross-correlation, as in every deep-learning library).
 *
 * <p>Input {@code [batch, inChannels, inH, inW]}, weight {@code [outChannels, inChannels/groups, kernelH, kernelW]},
 * bias {@code [outChannels]}, output {@code [batch, outChannels, outH, outW]}; all contiguous row-major, offset 0.
 * {@code outH = floor((inH + 2·padH − dilationH·(kernelH−1) − 1) / strideH) + 1}, likewise for the width. Padding is
 * zero padding on both sides. With {@code groups > 1} the channels split into {@code groups} independent blocks;
 * {@code groups == inChannels == outChannels} is a depthwise convolution.
 */
public record Conv2dShape(int batch, int inChannels, int inH, int inW, int outChannels, int kernelH, int kernelW,
                          int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    public Conv2dShape {
        if (batch < 1 || inChannels < 1 || inH < 1 || inW < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("conv2d: sizes must be positive, got batch=" + batch + " inChannels="
                    + inChannels + " in=" + inH + "x" + inW + " outChannels=" + outChannels + " kernel=" + kernelH
                    + "x" + kernelW);
        }
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("conv2d: stride and dilation must be >= 1, got stride=" + strideH + "x"
                    + strideW + " dilation=" + dilationH + "x" + dilationW);
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d: padding must be >= 0, got " + padH + "x" + padW);
        }
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv2d: inChannels (" + inChannels + ") and outChannels ("
                    + outChannels + ") must both be divisible by groups (" + groups + ")");
        }
        if (outSize(inH, kernelH, strideH, padH, dilationH) < 1 || outSize(inW, kernelW, strideW, padW, dilationW) < 1) {
            throw new IllegalArgumentException("conv2d: kernel " + kernelH + "x" + kernelW + " (dilation " + dilationH
                    + "x" + dilationW + ") does not fit input " + inH + "x" + inW + " with padding " + padH + "x"
                    + padW + ": pad the input or use a smaller kernel");
        }
    }

    /**
     * A 1-D convolution over input {@code [batch, inChannels, length]} as a 2-D one with height 1: weight
     * {@code [outChannels, inChannels/groups, kernel]}, output {@code [batch, outChannels, outW]}.
     */
    public static Conv2dShape conv1d(int batch, int inChannels, int length, int outChannels, int kernel, int stride,
                                     int pad, int dilation, int groups) {
        return new Conv2dShape(batch, inChannels, 1, length, outChannels, 1, kernel, 1, stride, 0, pad, 1, dilation,
                groups);
    }

    static int outSize(int in, int k, int stride, int pad, int dilation) {
        long span = (long) dilation * (k - 1) + 1;
        long avail = (long) in + 2L * pad - span;
        return avail < 0 ? 0 : (int) (avail / stride + 1);
    }

    public int outH() {
        return outSize(inH, kernelH, strideH, padH, dilationH);
    }

    public int outW() {
        return outSize(inW, kernelW, strideW, padW, dilationW);
    }

    /** Pixels of one input plane, {@code inH·inW}. */
    public int inPlane() {
        return inH * inW;
    }

    /** Pixels of one output plane, {@code outH·outW}: the column count of the per-image GEMMs. */
    public int outPlane() {
        return outH() * outW();
    }

    /** Input channels per group, the second dimension of the weight. */
    public int inChannelsPerGroup() {
        return inChannels / groups;
    }

    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    public int inputSize() {
        return Math.multiplyExact(Math.multiplyExact(batch, inChannels), Math.multiplyExact(inH, inW));
    }

    public int weightSize() {
        return Math.multiplyExact(Math.multiplyExact(outChannels, inChannelsPerGroup()),
                Math.multiplyExact(kernelH, kernelW));
    }

    public int outputSize() {
        return Math.multiplyExact(Math.multiplyExact(batch, outChannels), Math.multiplyExact(outH(), outW()));
    }

    /** Multiply-adds of one forward pass, for FLOP counts (2 FLOPs each). */
    public long macs() {
        return (long) batch * outChannels * outH() * outW() * inChannelsPerGroup() * kernelH * kernelW;
    }

    void check(String op, float[] input, int inputLen, String inputName, float[] weight, float[] bias,
               float[] output, int outputLen, String outputName) {
        checkLength(op, inputName, input, inputLen);
        checkLength(op, "weight", weight, weightSize());
        if (bias != null && bias.length < outChannels) {
            throw new IllegalArgumentException("conv2d " + op + ": bias needs " + outChannels
                    + " elements but the array holds " + bias.length + " (" + this + ")");
        }
        checkLength(op, outputName, output, outputLen);
    }

    void checkLength(String op, String name, float[] a, int needed) {
        if (a == null) {
            throw new IllegalArgumentException("conv2d " + op + ": " + name + " is null (" + this + ")");
        }
        if (a.length < needed) {
            throw new IllegalArgumentException("conv2d " + op + ": " + name + " needs " + needed
                    + " elements but the array holds " + a.length + " (" + this + ")");
        }
    }
}
