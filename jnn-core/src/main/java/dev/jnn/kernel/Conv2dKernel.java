package dev.jnn.kernel;

import java.util.Arrays;

/**
 * Fast 2-D convolution as im2col plus {@link Gemm#sgemm}: per image and group, the input channels are unfolded into a
 * reused per-thread column matrix {@code [cpg·kH·kW, outH·outW]} and multiplied by the group's weights
 * {@code [opg, cpg·kH·kW]}. Same semantics as {@link Conv2dReference}; shapes as in {@link Conv2dShape}.
 *
 * <p>Threads: when one image's product is big enough for {@link Gemm} to split it over the threads, images run one
 * after the other and Gemm parallelizes; otherwise (small layers such as LeNet's first) images are split over the
 * threads and each runs a single-threaded Gemm. Either way every output element is computed by the same sequence of
 * operations, and Gemm is bit-identical for any thread count, so results do not depend on the thread count.
 */
public final class Conv2dKernel {

    private Conv2dKernel() {}

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    /** This thread's column buffer of at least {@code size} floats, grown on demand; contents undefined. */
    private static float[] columns(int size) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /** Whether the column matrix of a group is the input itself: 1×1 kernel, stride 1, no padding. */
    private static boolean columnsAreInput(Conv2dShape s) {
        return s.kernelH() == 1 && s.kernelW() == 1 && s.strideH() == 1 && s.strideW() == 1 && s.padH() == 0
                && s.padW() == 0;
    }

    /** Whether the per-image products are small enough that splitting images over threads beats splitting Gemm. */
    private static boolean perImageParallel(Conv2dShape s) {
        long perImage = (long) s.outChannelsPerGroup() * s.outH() * s.outW() * s.inChannelsPerGroup() * s.kernelH()
                * s.kernelW();
        return perImage < Gemm.PARALLEL_MIN_WORK;
    }

    /** Runs {@code body} over the images, split over threads only when Gemm itself would not split. */
    private static void overImages(Conv2dShape s, Parallel.RangeBody body) {
        if (perImageParallel(s)) {
            Parallel.forRange(s.batch(), 1, body);
        } else {
            body.run(0, s.batch());
        }
    }

    /** {@code output = conv(input, weight) + bias}; overwrites output. {@code bias} may be null. */
    public static void forward(Conv2dShape s, float[] input, float[] weight, float[] bias, float[] output) {
        s.check("forward", input, s.inputSize(), "input", weight, bias, output, s.outputSize(), "output");
        int p = s.outH() * s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int k = cpg * s.kernelH() * s.kernelW();
        int inPlane = s.inH() * s.inW();
        boolean direct = columnsAreInput(s);
        overImages(s, (from, to) -> {
            float[] col = direct ? null : columns(k * p);
            for (int n = from; n < to; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    int inOff = (n * s.inChannels() + g * cpg) * inPlane;
                    int outOff = (n * s.outChannels() + g * opg) * p;
                    if (direct) {
                        Gemm.sgemm(false, false, opg, p, k, 1f, weight, g * opg * k, k, input, inOff, p,
                                0f, output, outOff, p);
                    } else {
                        Im2col.im2col(s, input, inOff, cpg, col);
                        Gemm.sgemm(false, false, opg, p, k, 1f, weight, g * opg * k, k, col, 0, p,
                                0f, output, outOff, p);
                    }
                    if (bias != null) {
                        for (int o = 0; o < opg; o++) {
                            float b = bias[g * opg + o];
                            int row = outOff + o * p;
                            for (int i = 0; i < p; i++) {
                                output[row + i] += b;
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * {@code gradInput = ∂L/∂input}; overwrites gradInput. Per image and group, {@code columns = W_gᵀ·dY} (Gemm
     * reads the weights transposed in place), then col2im adds the columns back onto the input positions.
     */
    public static void backwardInput(Conv2dShape s, float[] gradOutput, float[] weight, float[] gradInput) {
        s.check("backwardInput", gradOutput, s.outputSize(), "gradOutput", weight, null, gradInput, s.inputSize(),
                "gradInput");
        int p = s.outH() * s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int k = cpg * s.kernelH() * s.kernelW();
        int inPlane = s.inH() * s.inW();
        boolean direct = columnsAreInput(s);
        overImages(s, (from, to) -> {
            float[] col = direct ? null : columns(k * p);
            for (int n = from; n < to; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    int inOff = (n * s.inChannels() + g * cpg) * inPlane;
                    int outOff = (n * s.outChannels() + g * opg) * p;
                    if (direct) {
                        Gemm.sgemm(true, false, k, p, opg, 1f, weight, g * opg * k, k, gradOutput, outOff, p,
                                0f, gradInput, inOff, p);
                    } else {
                        Gemm.sgemm(true, false, k, p, opg, 1f, weight, g * opg * k, k, gradOutput, outOff, p,
                                0f, col, 0, p);
                        Arrays.fill(gradInput, inOff, inOff + cpg * inPlane, 0f);
                        Im2col.col2imAdd(s, col, gradInput, inOff);
                    }
                }
            }
        });
    }

    /**
     * {@code gradWeight = ∂L/∂weight}, {@code gradBias = ∂L/∂bias} (nullable); overwrites both. Per group,
     * {@code dW_g = Σ_n dY_{n,g}·col_{n,g}ᵀ}, accumulated image by image in batch order (Gemm with beta = 1), so
     * the summation order never depends on the thread count.
     */
    public static void backwardWeight(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight,
                                      float[] gradBias) {
        s.check("backwardWeight", input, s.inputSize(), "input", gradWeight, gradBias, gradOutput, s.outputSize(),
                "gradOutput");
        int p = s.outH() * s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int k = cpg * s.kernelH() * s.kernelW();
        int inPlane = s.inH() * s.inW();
        int oc = s.outChannels();
        boolean direct = columnsAreInput(s);
        float[] col = direct ? null : columns(k * p);
        for (int g = 0; g < s.groups(); g++) {
            for (int n = 0; n < s.batch(); n++) {
                int inOff = (n * s.inChannels() + g * cpg) * inPlane;
                int outOff = (n * oc + g * opg) * p;
                float beta = n == 0 ? 0f : 1f;
                if (direct) {
                    Gemm.sgemm(false, true, opg, k, p, 1f, gradOutput, outOff, p, input, inOff, p,
                            beta, gradWeight, g * opg * k, k);
                } else {
                    Im2col.im2col(s, input, inOff, cpg, col);
                    Gemm.sgemm(false, true, opg, k, p, 1f, gradOutput, outOff, p, col, 0, p,
                            beta, gradWeight, g * opg * k, k);
                }
            }
        }
        if (gradBias != null) {
            for (int o = 0; o < oc; o++) {
                float sum = 0f;
                for (int n = 0; n < s.batch(); n++) {
                    int row = (n * oc + o) * p;
                    float rowSum = 0f;
                    for (int i = 0; i < p; i++) {
                        rowSum += gradOutput[row + i];
                    }
                    sum += rowSum;
                }
                gradBias[o] = sum;
            }
        }
    }
}
