package dev.jnn.kernel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Fast 2-D convolution as im2col plus {@link Gemm#sgemm}: per image and group, the input channels are unfolded into a
 * reused per-thread column matrix {@code [cpg·kH·kW, outH·outW]} and multiplied by the group's weights
 * {@code [opg, cpg·kH·kW]}. Same semantics as {@link Conv2dReference}; shapes as in {@link Conv2dShape}.
 *
 * <p>Where the output width is a multiple of the vector width (CIFAR-sized maps), the forward pass and the stride-1
 * input gradient run as an implicit GEMM ({@link Conv2dImplicit}: no column matrix, weights packed once per call).
 * The weight gradient of a stride-1 layer with output planes of at least 1024 pixels (rows a multiple of V) runs
 * with the pixels in the vector lanes ({@link Conv2dLaneWeightGradient}); that of any other layer with at least a
 * vector of output channels per group (other than a 1×1 kernel reading its input in place) as a register-blocked GEMM
 * over the input's column planes or bordered phases ({@link Conv2dWeightGradient}).
 *
 * <p>Threads: when one image's product is big enough for {@link Gemm} to split it over the threads, images run one
 * after the other and Gemm parallelizes; otherwise (small layers such as LeNet's first) images are split over the
 * threads and each runs a single-threaded Gemm. Either way every output element is computed by the same sequence of
 * operations, and Gemm is bit-identical for any thread count, so results do not depend on the thread count.
 */
public final class Conv2dKernel {

    private Conv2dKernel() {}

    /**
     * Scratch slots: a worker's column matrix, bordered input and packed column panels; the caller's flipped weights
     * or weight-gradient partials, and its packed weights.
     */
    static final int COLUMNS = 0, CALLER = 1, BORDERED = 2, PANELS = 3, PACKED_WEIGHTS = 4, EDGE = 5;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[6][0]);
    /** The caller's tap offsets for the implicit kernels, and a worker's pixel runs for the weight gradient. */
    private static final ThreadLocal<int[][]> TAPS = ThreadLocal.withInitial(() -> new int[2][0]);

    /** This thread's buffer for {@code slot} of at least {@code size} floats, grown on demand; contents undefined. */
    static float[] scratch(int slot, int size) {
        float[][] holder = SCRATCH.get();
        if (holder[slot].length < size) {
            holder[slot] = new float[size];
        }
        return holder[slot];
    }

    /** Whether the column matrix of a group is the input itself: 1×1 kernel, stride 1, no padding. */
    static boolean columnsAreInput(Conv2dShape s) {
        return s.kernelH() == 1 && s.kernelW() == 1 && s.strideH() == 1 && s.strideW() == 1 && s.padH() == 0
                && s.padW() == 0;
    }

    /**
     * Whether to split {@code units} independent pieces of work (images, weight-gradient chunks) over the threads,
     * each running single-threaded Gemms, rather than running them in turn with Gemm splitting each product. Whole
     * images per thread also parallelize im2col/col2im and need no per-product join, so they win whenever the units
     * divide evenly enough, or when the products are too small for Gemm to split anyway.
     */
    static boolean splitUnits(int units, long macsPerUnit) {
        int t = Parallel.threads();
        return units >= t && (macsPerUnit < Gemm.PARALLEL_MIN_WORK || units % t == 0 || units >= 4 * t);
    }

    static long macsPerImageGroup(Conv2dShape s) {
        return (long) s.outChannelsPerGroup() * s.outPlane() * s.inChannelsPerGroup() * s.kernelH()
                * s.kernelW();
    }

    /** {@code output = conv(input, weight) + bias}; overwrites output. {@code bias} may be null. */
    public static void forward(Conv2dShape s, float[] input, float[] weight, float[] bias, float[] output) {
        forward(s, input, weight, bias, UnaryOp.IDENTITY, output);
    }

    /**
     * {@code output = act(conv(input, weight) + bias)}, the activation applied to each image's output right after it
     * is written, while it is still in cache, instead of in a second sweep over the whole batch. {@code act} is one
     * of {@link LinearEpilogue#supports}'s activations; {@code bias} may be null.
     */
    public static void forward(Conv2dShape s, float[] input, float[] weight, float[] bias, UnaryOp act,
                               float[] output) {
        if (!LinearEpilogue.supports(act)) {
            throw new IllegalArgumentException("conv2d forward: activation " + act + " is not fused; use IDENTITY,"
                    + " RELU, TANH or SIGMOID, or apply it separately");
        }
        if (Conv2dDirect.suits(s)) {
            Conv2dDirect.forward(s, input, weight, bias, act, output);
            return;
        }
        s.check("forward", input, s.inputSize(), "input", weight, bias, output, s.outputSize(), "output");
        forwardUnchecked(s, input, weight, bias, act, output);
    }

    private static void forwardUnchecked(Conv2dShape s, float[] input, float[] weight, float[] bias, UnaryOp act,
                                         float[] output) {
        int p = s.outPlane(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int k = cpg * s.kernelH() * s.kernelW();
        int inPlane = s.inPlane();
        boolean direct = columnsAreInput(s);
        boolean split = splitUnits(s.batch(), macsPerImageGroup(s) * s.groups());
        int gemmThreads = split ? 1 : Parallel.threads();
        if (!direct && Conv2dImplicit.applies(s)) {
            forwardImplicit(s, input, weight, bias, act, output, split);
            return;
        }
        Parallel.RangeBody body = (from, to) -> {
            float[] col = direct ? null : scratch(COLUMNS, k * p);
            for (int n = from; n < to; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    int inOff = (n * s.inChannels() + g * cpg) * inPlane;
                    int outOff = (n * s.outChannels() + g * opg) * p;
                    if (direct) {
                        Gemm.sgemm(gemmThreads, false, false, opg, p, k, 1f, weight, g * opg * k, k, input, inOff,
                                p, 0f, output, outOff, p);
                    } else {
                        Im2col.im2col(s, input, inOff, cpg, col);
                        Gemm.sgemm(gemmThreads, false, false, opg, p, k, 1f, weight, g * opg * k, k, col, 0, p,
                                0f, output, outOff, p);
                    }
                    epilogue(s, bias, act, g, output, outOff);
                }
            }
        };
        if (split) {
            forEachClaimed(s.batch(), () -> n -> body.run(n, n + 1));
        } else {
            body.run(0, s.batch());
        }
    }

    /**
     * Forward through {@link Conv2dImplicit}: whole images per thread when splitting images, else each image's pixel
     * blocks split over the threads. Either way every element is computed the same way.
     */
    private static void forwardImplicit(Conv2dShape s, float[] input, float[] weight, float[] bias, UnaryOp act,
                                        float[] output, boolean splitImages) {
        Conv2dImplicit.Plan plan = implicitPlan(s, weight);
        int blocks = Conv2dImplicit.pixelBlocks(s);
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int inPlane = s.inPlane(), p = s.outPlane();
        if (splitImages) {
            forEachClaimed(s.batch(), () -> {
                float[] bordered = scratch(BORDERED, plan.scratchSize());
                float[] panels = scratch(PANELS, plan.packedBSize());
                float[] edge = scratch(EDGE, GemmMicroKernel.MR * GemmMicroKernel.NR);
                return n -> {
                    for (int g = 0; g < s.groups(); g++) {
                        int outOff = (n * s.outChannels() + g * opg) * p;
                        Conv2dImplicit.image(plan, input, (n * s.inChannels() + g * cpg) * inPlane, g, output,
                                outOff, 0, blocks, bordered, panels, edge);
                        epilogue(s, bias, act, g, output, outOff);
                    }
                };
            });
            return;
        }
        Parallel.forRange(blocks, 1, (from, to) -> {
            float[] bordered = scratch(BORDERED, plan.scratchSize());
            float[] panels = scratch(PANELS, plan.packedBSize());
            float[] edge = scratch(EDGE, GemmMicroKernel.MR * GemmMicroKernel.NR);
            for (int n = 0; n < s.batch(); n++) {
                for (int g = 0; g < s.groups(); g++) {
                    Conv2dImplicit.image(plan, input, (n * s.inChannels() + g * cpg) * inPlane, g, output,
                            (n * s.outChannels() + g * opg) * p, from, to, bordered, panels, edge);
                }
            }
        });
        // Group by group, as the other paths run it, so that every element gets the same vector/scalar split.
        Parallel.forRange(s.batch(), 1, (from, to) -> {
            for (int n = from; n < to; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    epilogue(s, bias, act, g, output, (n * s.outChannels() + g * opg) * p);
                }
            }
        });
    }

    /**
     * Runs {@code units} independent units over the threads, each thread taking the next unclaimed unit when it is
     * free, so a thread the OS preempts (the machine is often shared) delays the others by one unit, not by half the
     * work. {@code perThread} gives, on each thread, the body for one unit (with that thread's scratch). Which thread
     * computes a unit does not change its result.
     */
    static void forEachClaimed(int units, java.util.function.Supplier<IntConsumer> perThread) {
        AtomicInteger next = new AtomicInteger();
        Parallel.forChunks(Math.min(units, Parallel.threads()), c -> {
            IntConsumer unit = perThread.get();
            for (int u; (u = next.getAndIncrement()) < units; ) {
                unit.accept(u);
            }
        });
    }

    /** Group g's biases (when not null) and then the activation on its output rows at {@code outOff}. */
    private static void epilogue(Conv2dShape s, float[] bias, UnaryOp act, int g, float[] output, int outOff) {
        addBias(s, bias, g, output, outOff);
        Elementwise.activate(act, output, outOff, s.outChannelsPerGroup() * s.outPlane());
    }

    private static void addBias(Conv2dShape s, float[] bias, int g, float[] output, int outOff) {
        if (bias == null) {
            return;
        }
        int opg = s.outChannelsPerGroup(), p = s.outPlane();
        for (int o = 0; o < opg; o++) {
            float b = bias[g * opg + o];
            int row = outOff + o * p;
            for (int i = 0; i < p; i++) {
                output[row + i] += b;
            }
        }
    }

    /** Packs the weights (when not null) for {@link Conv2dImplicit} into the calling thread's scratch. */
    static Conv2dImplicit.Plan implicitPlan(Conv2dShape s, float[] weight) {
        int[][] taps = TAPS.get();
        int k = s.inChannelsPerGroup() * s.kernelH() * s.kernelW();
        if (taps[0].length < k) {
            taps[0] = new int[k];
        }
        float[] packed = weight == null ? null : scratch(PACKED_WEIGHTS, Conv2dImplicit.Plan.packedSize(s));
        return Conv2dImplicit.Plan.of(s, weight, packed, taps[0]);
    }

    /** This thread's int scratch of at least {@code size} (the weight gradient's runs); contents undefined. */
    static int[] workerInts(int size) {
        int[][] holder = TAPS.get();
        if (holder[1].length < size) {
            holder[1] = new int[size];
        }
        return holder[1];
    }

    /**
     * {@code gradInput = ∂L/∂input}; overwrites gradInput.
     *
     * <p>With stride 1 (and enough input channels per group) this is itself a forward convolution of the output
     * gradient with the flipped, channel-swapped weights and padding {@code dilation·(kernel−1) − pad}, whose Gemm
     * has depth {@code opg·kH·kW} instead of {@code opg}. Otherwise, per image and group, {@code columns = W_gᵀ·dY}
     * (Gemm reads the weights transposed in place), then col2im adds the columns back onto the input positions.
     */
    public static void backwardInput(Conv2dShape s, float[] gradOutput, float[] weight, float[] gradInput) {
        if (Conv2dDirect.suitsBackwardInput(s)) {
            Conv2dDirect.backwardInput(s, gradOutput, weight, gradInput);
            return;
        }
        s.check("backwardInput", gradOutput, s.outputSize(), "gradOutput", weight, null, gradInput, s.inputSize(),
                "gradInput");
        int padH = s.dilationH() * (s.kernelH() - 1) - s.padH(), padW = s.dilationW() * (s.kernelW() - 1) - s.padW();
        // The flipped convolution's Gemm has only cpg rows: with fewer than a micro-tile's rows (LeNet's 1-channel
        // input) most of each tile would be wasted, and the transposed columns path is faster.
        if (s.strideH() == 1 && s.strideW() == 1 && padH >= 0 && padW >= 0
                && s.inChannelsPerGroup() >= GemmMicroKernel.MR) {
            var t = new Conv2dShape(s.batch(), s.outChannels(), s.outH(), s.outW(), s.inChannels(), s.kernelH(),
                    s.kernelW(), 1, 1, padH, padW, s.dilationH(), s.dilationW(), s.groups());
            float[] flipped = scratch(CALLER, s.weightSize());
            flipWeights(s, weight, flipped);
            forwardUnchecked(t, gradOutput, flipped, null, UnaryOp.IDENTITY, gradInput);
            return;
        }
        int p = s.outPlane(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        int k = cpg * s.kernelH() * s.kernelW();
        int inPlane = s.inPlane();
        boolean direct = columnsAreInput(s);
        boolean split = splitUnits(s.batch(), macsPerImageGroup(s) * s.groups());
        int gemmThreads = split ? 1 : Parallel.threads();
        Parallel.RangeBody body = (from, to) -> {
            float[] col = direct ? null : scratch(COLUMNS, k * p);
            for (int n = from; n < to; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    int inOff = (n * s.inChannels() + g * cpg) * inPlane;
                    int outOff = (n * s.outChannels() + g * opg) * p;
                    if (direct) {
                        Gemm.sgemm(gemmThreads, true, false, k, p, opg, 1f, weight, g * opg * k, k, gradOutput,
                                outOff, p, 0f, gradInput, inOff, p);
                    } else {
                        Gemm.sgemm(gemmThreads, true, false, k, p, opg, 1f, weight, g * opg * k, k, gradOutput,
                                outOff, p, 0f, col, 0, p);
                        Arrays.fill(gradInput, inOff, inOff + cpg * inPlane, 0f);
                        Im2col.col2imAdd(s, col, gradInput, inOff);
                    }
                }
            }
        };
        if (split) {
            forEachClaimed(s.batch(), () -> n -> body.run(n, n + 1));
        } else {
            body.run(0, s.batch());
        }
    }

    /** {@code flipped[g·cpg + c][o][kh−1−i][kw−1−j] = weight[g·opg + o][c][i][j]}. */
    private static void flipWeights(Conv2dShape s, float[] weight, float[] flipped) {
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), khw = s.kernelH() * s.kernelW();
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

    /**
     * {@code gradWeight = ∂L/∂weight}, {@code gradBias = ∂L/∂bias} (nullable); overwrites both. See
     * {@link Conv2dWeightPass} for how the images are chunked and which kernel runs.
     */
    public static void backwardWeight(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight,
                                      float[] gradBias) {
        Conv2dWeightPass.run(s, input, gradOutput, gradWeight, gradBias);
    }
}
