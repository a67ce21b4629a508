package dev.jnn.kernel;

import static dev.jnn.kernel.Conv2dKernel.BORDERED;
import static dev.jnn.kernel.Conv2dKernel.CALLER;
import static dev.jnn.kernel.Conv2dKernel.COLUMNS;
import static dev.jnn.kernel.Conv2dKernel.PANELS;
import static dev.jnn.kernel.Conv2dKernel.columnsAreInput;
import static dev.jnn.kernel.Conv2dKernel.forEachClaimed;
import static dev.jnn.kernel.Conv2dKernel.implicitPlan;
import static dev.jnn.kernel.Conv2dKernel.macsPerImageGroup;
import static dev.jnn.kernel.Conv2dKernel.scratch;
import static dev.jnn.kernel.Conv2dKernel.splitUnits;
import static dev.jnn.kernel.Conv2dKernel.workerInts;

import java.util.function.Supplier;

/**
 * The weight-gradient pass of {@link Conv2dKernel}: {@code dW_g = Σ_n dY_{n,g}·col_{n,g}ᵀ} per group. The images
 * are cut into a fixed number of chunks whatever the thread count; each chunk sums its partial image by image, the
 * threads claim chunks, and the partials are added in chunk order, so the result never depends on the thread count.
 *
 * <p>Which kernel runs: LeNet-like layers go to {@link Conv2dDirect}; on AVX-512, 3×3 "same" layers with maps of at
 * least 1024 pixels, 8 input channels and whole vectors of output channels to {@link Conv2dShiftWeightGradient}
 * (the kernel's offsets moved onto dY, the input read in place); other stride-1 layers with output planes of at least
 * 1024 pixels to {@link Conv2dLaneWeightGradient} (pixels in the vector lanes); other layers with at least a vector of
 * output channels per group to {@link Conv2dWeightGradient} (a register-blocked GEMM over column planes or bordered
 * phases); the rest to im2col plus {@link Gemm} with beta = 1.
 */
final class Conv2dWeightPass {

    private Conv2dWeightPass() {}

    /**
     * Images per batch are cut into this many chunks (fewer for small batches) for the weight gradient, whatever
     * the thread count, so that the summation order, and hence the result, never depends on the thread count.
     */
    private static final int WEIGHT_CHUNKS = 4;

    /**
     * {@code gradWeight = ∂L/∂weight}, {@code gradBias = ∂L/∂bias} (nullable); overwrites both. Per group,
     * {@code dW_g = Σ_n dY_{n,g}·col_{n,g}ᵀ}: each fixed chunk of images accumulates its partial sum image by image
     * (Gemm with beta = 1, or {@link Conv2dWeightGradient}), chunks run in parallel, and the partials are added in
     * chunk order.
     */
    static void run(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight, float[] gradBias) {
        if (Conv2dDirect.suits(s)) {
            Conv2dDirect.backwardWeight(s, input, gradOutput, gradWeight, gradBias);
            return;
        }
        s.check("backwardWeight", input, s.inputSize(), "input", gradWeight, gradBias, gradOutput, s.outputSize(),
                "gradOutput");
        int p = s.outPlane(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int k = cpg * s.kernelH() * s.kernelW();
        int inPlane = s.inPlane();
        int oc = s.outChannels();
        int ws = s.weightSize();
        boolean direct = columnsAreInput(s);
        int chunks = Math.min(s.batch(), WEIGHT_CHUNKS);
        if (!direct && Conv2dShiftWeightGradient.applies(s)) {
            backwardWeightShifted(s, input, gradOutput, gradWeight, chunks);
        } else if (!direct && Conv2dLaneWeightGradient.applies(s)) {
            backwardWeightLanes(s, input, gradOutput, gradWeight, chunks);
        } else if (!direct && Conv2dWeightGradient.applies(s)) {
            backwardWeightTiled(s, input, gradOutput, gradWeight, chunks);
        } else {
            long chunkMacs = macsPerImageGroup(s) * s.groups() * (s.batch() / chunks);
            boolean split = splitUnits(chunks, chunkMacs);
            int gemmThreads = split ? 1 : Parallel.threads();
            // Chunk 0 sums straight into gradWeight, chunk c > 0 into partials[(c − 1)·ws ...].
            float[] partials = scratch(CALLER, (chunks - 1) * ws);
            Parallel.RangeBody body = (from, to) -> {
                float[] col = direct ? null : scratch(COLUMNS, k * p);
                for (int c = from; c < to; c++) {
                    float[] dw = c == 0 ? gradWeight : partials;
                    int dwOff = c == 0 ? 0 : (c - 1) * ws;
                    int n0 = Parallel.chunkStart(s.batch(), chunks, c);
                    int n1 = Parallel.chunkStart(s.batch(), chunks, c + 1);
                    for (int g = 0; g < s.groups(); g++) {
                        for (int n = n0; n < n1; n++) {
                            int inOff = (n * s.inChannels() + g * cpg) * inPlane;
                            int outOff = (n * oc + g * opg) * p;
                            float beta = n == n0 ? 0f : 1f;
                            float[] b = input;
                            int bOff = inOff;
                            if (!direct) {
                                Im2col.im2col(s, input, inOff, cpg, col);
                                b = col;
                                bOff = 0;
                            }
                            Gemm.sgemm(gemmThreads, false, true, opg, k, p, 1f, gradOutput, outOff, p, b, bOff, p,
                                    beta, dw, dwOff + g * opg * k, k);
                        }
                    }
                }
            };
            if (split) {
                forEachClaimed(chunks, () -> c -> body.run(c, c + 1));
            } else {
                body.run(0, chunks);
            }
            for (int c = 1; c < chunks; c++) {
                int off = (c - 1) * ws;
                for (int i = 0; i < ws; i++) {
                    gradWeight[i] += partials[off + i];
                }
            }
        }
        if (gradBias != null) {
            for (int o = 0; o < oc; o++) {
                float sum = 0f;
                for (int n = 0; n < s.batch(); n++) {
                    sum += Reduce.sum(gradOutput, (n * oc + o) * p, p);
                }
                gradBias[o] = sum;
            }
        }
    }

    /** One worker's summation of images {@code [n0, n1)} into a partial at {@code partials[off ...]}. */
    @FunctionalInterface
    private interface ChunkSum {
        void sum(int n0, int n1, float[] partials, int off);
    }

    /**
     * Runs {@code chunks} fixed chunks of the batch, claimed by the threads, each summing its images into a partial
     * of {@code size} floats with the body {@code perThread} gives on that thread (with that thread's scratch), and
     * returns the partials, chunk c at {@code c·size}.
     */
    private static float[] sumChunks(Conv2dShape s, int chunks, int size, Supplier<ChunkSum> perThread) {
        float[] partials = scratch(CALLER, chunks * size);
        forEachClaimed(chunks, () -> {
            ChunkSum body = perThread.get();
            return c -> body.sum(Parallel.chunkStart(s.batch(), chunks, c),
                    Parallel.chunkStart(s.batch(), chunks, c + 1), partials, c * size);
        });
        return partials;
    }

    /** The weight gradient through {@link Conv2dWeightGradient}, chunk by chunk, the partials added in order. */
    private static void backwardWeightTiled(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight,
                                            int chunks) {
        Conv2dImplicit.Plan plan = implicitPlan(s, null);
        float[] partials = sumChunks(s, chunks, Conv2dWeightGradient.partialSize(s), () -> {
            float[] bordered = scratch(BORDERED, Conv2dWeightGradient.borderedSize(plan));
            float[] panel = scratch(PANELS,
                    Conv2dWeightGradient.maxDepth(plan) * Conv2dWeightGradient.channelsPadded(s));
            int[] runs = workerInts(Conv2dWeightGradient.runsNeeded(s));
            return (n0, n1, part, off) -> Conv2dWeightGradient.accumulate(plan, input, gradOutput, n0, n1, part, off,
                    bordered, panel, runs);
        });
        Conv2dWeightGradient.sumPartials(s, partials, chunks, gradWeight);
    }

    /** As {@link #backwardWeightTiled}, through {@link Conv2dLaneWeightGradient}. */
    private static void backwardWeightLanes(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight,
                                            int chunks) {
        Conv2dImplicit.Plan plan = implicitPlan(s, null);
        float[] partials = sumChunks(s, chunks, Conv2dLaneWeightGradient.partialSize(s), () -> {
            float[] planes = scratch(BORDERED, Conv2dLaneWeightGradient.scratchSize(plan));
            int[] ints = workerInts(Conv2dLaneWeightGradient.intsSize(s));
            return (n0, n1, part, off) -> Conv2dLaneWeightGradient.accumulate(plan, input, gradOutput, n0, n1, part,
                    off, planes, ints);
        });
        Conv2dLaneWeightGradient.sumPartials(s, partials, chunks, gradWeight);
    }

    /** As {@link #backwardWeightTiled}, through {@link Conv2dShiftWeightGradient}. */
    private static void backwardWeightShifted(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight,
                                              int chunks) {
        float[] partials = sumChunks(s, chunks, Conv2dShiftWeightGradient.partialSize(s), () -> {
            float[] panel = scratch(PANELS, Conv2dShiftWeightGradient.panelSize(s));
            int[] taps = workerInts(Conv2dShiftWeightGradient.TAPS);
            return (n0, n1, part, off) -> Conv2dShiftWeightGradient.accumulate(s, input, gradOutput, n0, n1, part,
                    off, panel, taps);
        });
        Conv2dShiftWeightGradient.sumPartials(s, partials, chunks, gradWeight);
    }
}
