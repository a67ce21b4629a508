package dev.jnn.kernel;

import java.util.Arrays;

/**
 * Fast 2-D convolution: per image and group, im2col into a reused per-thread column buffer and one GEMM; images are
 * split over {@link Parallel#threads()} threads. Same semantics as {@link Conv2dReference}; shapes as in
 * {@link Conv2dShape}.
 */
public final class Conv2dKernel {

    private Conv2dKernel() {}

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    static float[] scratch(int size) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    /** {@code output = conv(input, weight) + bias}; overwrites output. {@code bias} may be null. */
    public static void forward(Conv2dShape s, float[] input, float[] weight, float[] bias, float[] output) {
        s.check("forward", input, s.inputSize(), "input", weight, bias, output, s.outputSize(), "output");
        int ohw = s.outH() * s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int kk = cpg * s.kernelH() * s.kernelW();
        Parallel.forRange(s.batch(), 1, (from, to) -> {
            float[] col = scratch(kk * ohw);
            for (int n = from; n < to; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    Im2col.im2col(s, input, (n * s.inChannels() + g * cpg) * s.inH() * s.inW(), cpg, col);
                    int outOff = (n * s.outChannels() + g * opg) * ohw;
                    Gemm.sgemm(false, false, opg, ohw, kk, 1f, weight, g * opg * kk, kk, col, 0, ohw, 0f,
                            output, outOff, ohw);
                    if (bias != null) {
                        for (int o = 0; o < opg; o++) {
                            float b = bias[g * opg + o];
                            int off = outOff + o * ohw;
                            for (int k = 0; k < ohw; k++) {
                                output[off + k] += b;
                            }
                        }
                    }
                }
            }
        });
    }

    /** {@code gradInput = ∂L/∂input}; overwrites gradInput. */
    public static void backwardInput(Conv2dShape s, float[] gradOutput, float[] weight, float[] gradInput) {
        s.check("backwardInput", gradOutput, s.outputSize(), "gradOutput", weight, null, gradInput, s.inputSize(),
                "gradInput");
        int ohw = s.outH() * s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int kk = cpg * s.kernelH() * s.kernelW();
        int inPlane = s.inH() * s.inW();
        Parallel.forRange(s.batch(), 1, (from, to) -> {
            float[] col = scratch(kk * ohw);
            for (int n = from; n < to; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    int outOff = (n * s.outChannels() + g * opg) * ohw;
                    Gemm.sgemm(true, false, kk, ohw, opg, 1f, weight, g * opg * kk, kk, gradOutput, outOff, ohw, 0f,
                            col, 0, ohw);
                    int inOff = (n * s.inChannels() + g * cpg) * inPlane;
                    Arrays.fill(gradInput, inOff, inOff + cpg * inPlane, 0f);
                    Im2col.col2imAdd(s, col, gradInput, inOff);
                }
            }
        });
    }

    /**
     * {@code gradWeight = ∂L/∂weight}, {@code gradBias = ∂L/∂bias} (nullable); overwrites both.
     *
     * <p>Threads split the input channels (columns of the weight gradient), never the batch, so every element is
     * summed in the same order whatever the thread count: results are bit-identical for 1 or many threads.
     */
    public static void backwardWeight(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight,
                                      float[] gradBias) {
        s.check("backwardWeight", input, s.inputSize(), "input", gradWeight, gradBias, gradOutput, s.outputSize(),
                "gradOutput");
        int ohw = s.outH() * s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int khw = s.kernelH() * s.kernelW(), kk = cpg * khw;
        int inPlane = s.inH() * s.inW();
        int oc = s.outChannels();
        Parallel.forRange(s.inChannels(), 1, (from, to) -> {
            float[] col = scratch((to - from) * khw * ohw);
            // A chunk of input channels may span several groups: handle it one group piece at a time.
            for (int c0 = from; c0 < to; ) {
                int g = c0 / cpg;
                int c1 = Math.min(to, (g + 1) * cpg);
                int rows = (c1 - c0) * khw;
                int wOff = g * opg * kk + (c0 - g * cpg) * khw;
                for (int o = 0; o < opg; o++) {
                    Arrays.fill(gradWeight, wOff + o * kk, wOff + o * kk + rows, 0f);
                }
                for (int n = 0; n < s.batch(); n++) {
                    Im2col.im2col(s, input, (n * s.inChannels() + c0) * inPlane, c1 - c0, col);
                    Gemm.sgemm(false, true, opg, rows, ohw, 1f, gradOutput, (n * oc + g * opg) * ohw, ohw,
                            col, 0, ohw, 1f, gradWeight, wOff, kk);
                }
                c0 = c1;
            }
        });
        if (gradBias != null) {
            for (int o = 0; o < oc; o++) {
                float sum = 0f;
                for (int n = 0; n < s.batch(); n++) {
                    int off = (n * oc + o) * ohw;
                    for (int k = 0; k < ohw; k++) {
                        sum += gradOutput[off + k];
                    }
                }
                gradBias[o] = sum;
            }
        }
    }
}
