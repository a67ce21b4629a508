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
        forwardPacked(s, input, weight, bias, output);
    }

    /**
     * Forward as packed GEMM: the weights of every group are packed once into MR-row panels; work units are (image,
     * group, block of output pixels), each packing its block of the column matrix into NR-column panels (sized to
     * stay in L2) and running the micro-kernel over all panel pairs.
     */
    static void forwardPacked(Conv2dShape s, float[] input, float[] weight, float[] bias, float[] output) {
        int p = s.outH() * s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int k = cpg * s.kernelH() * s.kernelW();
        int mPanels = ConvGemm.panels(opg, ConvGemm.MR);
        int groupStride = mPanels * ConvGemm.MR * k;
        float[] a = ConvScratch.get(ConvScratch.PACKED_WEIGHT, s.groups() * groupStride);
        for (int g = 0; g < s.groups(); g++) {
            ConvGemm.packA(weight, g * opg * k, k, opg, k, a, g * groupStride);
        }
        int nr = ConvGemm.NR;
        int block = Math.max(nr, Math.min(ConvGemm.panels(p, nr) * nr, (BLOCK_FLOATS / k) / nr * nr));
        int pBlocks = ConvGemm.panels(p, block);
        int units = s.batch() * s.groups() * pBlocks;
        int inPlane = s.inH() * s.inW();
        Parallel.forRange(units, 1, (from, to) -> {
            float[] b = ConvScratch.get(ConvScratch.PANEL, block * k);
            for (int u = from; u < to; u++) {
                int n = u / (s.groups() * pBlocks), g = (u / pBlocks) % s.groups(), pb = u % pBlocks;
                int p0 = pb * block, count = Math.min(block, p - p0);
                ConvPack.packB(s, input, (n * s.inChannels() + g * cpg) * inPlane, cpg, p0, count, b);
                int outBase = (n * s.outChannels() + g * opg) * p;
                for (int t = 0; t * nr < count; t++) {
                    int cols = Math.min(nr, count - t * nr);
                    for (int mp = 0; mp < mPanels; mp++) {
                        int r0 = mp * ConvGemm.MR;
                        ConvGemm.kernel(k, a, g * groupStride + r0 * k, b, t * k * nr, output,
                                outBase + r0 * p + p0 + t * nr, p, Math.min(ConvGemm.MR, opg - r0), cols, bias,
                                g * opg + r0);
                    }
                }
            }
        });
    }

    /** Floats of one packed column block: 64K floats = 256 KiB, a quarter of this machine's L2. */
    private static final int BLOCK_FLOATS = 65_536;

    /**
     * {@code gradInput = ∂L/∂input}; overwrites gradInput.
     *
     * <p>With stride 1 this is itself a forward convolution of the output gradient with the flipped, channel-swapped
     * weights and padding {@code dilation·(kernel−1) − pad}, so it runs on the same packed path. Otherwise: per
     * image, {@code columns = Wᵀ·dY} with the packed micro-kernel, then col2im.
     */
    public static void backwardInput(Conv2dShape s, float[] gradOutput, float[] weight, float[] gradInput) {
        s.check("backwardInput", gradOutput, s.outputSize(), "gradOutput", weight, null, gradInput, s.inputSize(),
                "gradInput");
        int padH = s.dilationH() * (s.kernelH() - 1) - s.padH(), padW = s.dilationW() * (s.kernelW() - 1) - s.padW();
        if (s.strideH() == 1 && s.strideW() == 1 && padH >= 0 && padW >= 0) {
            var t = new Conv2dShape(s.batch(), s.outChannels(), s.outH(), s.outW(), s.inChannels(), s.kernelH(),
                    s.kernelW(), 1, 1, padH, padW, s.dilationH(), s.dilationW(), s.groups());
            float[] flipped = ConvScratch.get(ConvScratch.FLIPPED_WEIGHT, s.weightSize());
            flipWeights(s, weight, flipped);
            forwardPacked(t, gradOutput, flipped, null, gradInput);
            return;
        }
        backwardInputColumns(s, gradOutput, weight, gradInput);
    }

    /** {@code flipped[g·cpg + c][o][kh−1−i][kw−1−j] = weight[g·opg + o][c][i][j]}. */
    private static void flipWeights(Conv2dShape s, float[] weight, float[] flipped) {
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), kh = s.kernelH(), kw = s.kernelW();
        int khw = kh * kw;
        for (int g = 0; g < s.groups(); g++) {
            for (int o = 0; o < opg; o++) {
                for (int c = 0; c < cpg; c++) {
                    int src = ((g * opg + o) * cpg + c) * khw;
                    int dst = ((g * cpg + c) * opg + o) * khw + khw - 1;
                    for (int q = 0; q < khw; q++) {
                        flipped[dst - q] = weight[src + q];
                    }
                }
            }
        }
    }

    private static void backwardInputColumns(Conv2dShape s, float[] gradOutput, float[] weight, float[] gradInput) {
        int p = s.outH() * s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int k = cpg * s.kernelH() * s.kernelW();
        int inPlane = s.inH() * s.inW();
        int kPanels = ConvGemm.panels(k, ConvGemm.MR);
        int groupStride = kPanels * ConvGemm.MR * opg;
        float[] a = ConvScratch.get(ConvScratch.PACKED_WEIGHT, s.groups() * groupStride);
        for (int g = 0; g < s.groups(); g++) {
            ConvGemm.packATransposed(weight, g * opg * k, k, opg, k, a, g * groupStride);
        }
        int pPanels = ConvGemm.panels(p, ConvGemm.NR);
        Parallel.forRange(s.batch(), 1, (from, to) -> {
            float[] b = ConvScratch.get(ConvScratch.PANEL, pPanels * ConvGemm.NR * opg);
            float[] col = ConvScratch.get(ConvScratch.COLUMNS, k * p);
            for (int n = from; n < to; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    int outOff = (n * s.outChannels() + g * opg) * p;
                    ConvGemm.packB(gradOutput, outOff, p, opg, 0, p, b);
                    ConvGemm.multiply(k, p, opg, a, g * groupStride, b, col, 0, p, null, 0);
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
        int p = s.outH() * s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int khw = s.kernelH() * s.kernelW(), k = cpg * khw;
        int inPlane = s.inH() * s.inW();
        int oc = s.outChannels();
        Parallel.forRange(s.inChannels(), 1, (from, to) -> {
            float[] col = ConvScratch.get(ConvScratch.COLUMNS, (to - from) * khw * p);
            // A chunk of input channels may span several groups: handle it one group piece at a time.
            for (int c0 = from; c0 < to; ) {
                int g = c0 / cpg;
                int c1 = Math.min(to, (g + 1) * cpg);
                int rows = (c1 - c0) * khw;
                int wOff = g * opg * k + (c0 - g * cpg) * khw;
                for (int o = 0; o < opg; o++) {
                    Arrays.fill(gradWeight, wOff + o * k, wOff + o * k + rows, 0f);
                }
                for (int n = 0; n < s.batch(); n++) {
                    Im2col.im2col(s, input, (n * s.inChannels() + c0) * inPlane, c1 - c0, col);
                    ConvDot.accumulate(opg, rows, p, gradOutput, (n * oc + g * opg) * p, p, col, 0, p,
                            gradWeight, wOff, k);
                }
                c0 = c1;
            }
        });
        if (gradBias != null) {
            for (int o = 0; o < oc; o++) {
                float sum = 0f;
                for (int n = 0; n < s.batch(); n++) {
                    sum += ConvDot.sum(p, gradOutput, (n * oc + o) * p);
                }
                gradBias[o] = sum;
            }
        }
    }
}
