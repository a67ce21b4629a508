package dev.jnn.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct 2-D convolution for stride 1 and few input channels per group (LeNet's layers), where im2col plus Gemm
 * spends more time unfolding short rows than multiplying: the column matrix has only {@code cpg·kH·kW} rows, so each
 * Gemm tile stores as many outputs as it computes products. Same semantics as {@link Conv2dReference}; shapes as in
 * {@link Conv2dShape}. {@link Conv2dKernel} sends the shapes {@link #suits} accepts here.
 *
 * <p>The trick is the "wide" output row. Each input plane is copied once into a zero-padded plane of width
 * {@code Wp = inW + padW} (each row's left padding doubles as the previous row's right padding); then output
 * {@code (y, x)} sits at {@code j = y·Wp + x} of a wide output plane, and
 * {@code wide[o][j] = Σ_c Σ_tap w[o][c][tap] · padded[c][j + offset(tap)]} with {@code offset = ky·dH·Wp + kx·dW}:
 * a 1-D convolution over contiguous memory, vectorized over {@code j}. The {@code Wp − outW} columns past each
 * output row are computed and thrown away: either each output row is covered by whole vectors stored straight into
 * the output (row mode, the last vector of a row overlapping its neighbour), or, for rows too short for that, the
 * wide plane is computed and compacted into the output. The weight gradient
 * uses the same offsets: {@code dW[o][c][tap] = Σ_j dYwide[o][j] · padded[c][j + offset(tap)]}, with zeros in the
 * wide output gradient's extra columns. The input gradient is this forward convolution of the output gradient with
 * the flipped, channel-swapped weights.
 *
 * <p>Micro-kernels keep 12 (forward) or 10 (weight gradient) of the 16 AVX2 registers as accumulators: two output
 * channels by six vectors of {@code j}, or two output channels by five taps. Odd channel counts are padded with a
 * zero channel. Threads take whole images (forward) or a fixed number of image chunks whose partial weight gradients
 * are added in chunk order (backward), so results do not depend on the thread count.
 */
public final class Conv2dDirect {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();
    /** Vectors of {@code j} per forward micro-kernel call; taps per weight-gradient micro-kernel call. */
    static final int BJ = 6, BT = 5;
    /** Images per batch are cut into this many chunks for the weight gradient, whatever the thread count. */
    static final int WEIGHT_CHUNKS = 4;

    private Conv2dDirect() {}

    /**
     * Whether this class computes the forward pass of {@code s} faster than im2col plus Gemm: stride 1, and a
     * product depth {@code cpg·kH·kW} too small for Gemm's tiles to pay (at most 400, a 5×5 kernel over 16
     * channels), at most 16 output channels per group (Gemm's tiles fill up with more), and a kernel of at least 16
     * taps. (3×3 kernels, ResNet's, and wider layers such as GoogLeNet's 5×5 branches stay with Gemm until measured.)
     * The methods below accept any stride-1 shape; this only says when they are the faster choice.
     */
    public static boolean suits(Conv2dShape s) {
        int taps = s.kernelH() * s.kernelW();
        return s.strideH() == 1 && s.strideW() == 1 && taps >= 16 && s.inChannelsPerGroup() * taps <= 400
                && s.outChannelsPerGroup() <= 16;
    }

    /** Whether {@link #backwardInput} is the faster choice for {@code s}: its flipped forward convolution suits. */
    public static boolean suitsBackwardInput(Conv2dShape s) {
        return canBackwardInput(s) && suits(flipped(s));
    }

    private static boolean canBackwardInput(Conv2dShape s) {
        return s.strideH() == 1 && s.strideW() == 1 && flippedPadH(s) >= 0 && flippedPadW(s) >= 0;
    }

    private static int flippedPadH(Conv2dShape s) {
        return s.dilationH() * (s.kernelH() - 1) - s.padH();
    }

    private static int flippedPadW(Conv2dShape s) {
        return s.dilationW() * (s.kernelW() - 1) - s.padW();
    }

    /** The shape whose forward pass is {@code s}'s input gradient. */
    private static Conv2dShape flipped(Conv2dShape s) {
        return new Conv2dShape(s.batch(), s.outChannels(), s.outH(), s.outW(), s.inChannels(), s.kernelH(),
                s.kernelW(), 1, 1, Math.max(0, flippedPadH(s)), Math.max(0, flippedPadW(s)), s.dilationH(),
                s.dilationW(), s.groups());
    }

    /** Per-thread scratch: padded input planes, wide output (gradient) planes, packed weights, accumulators. */
    static final int PADDED = 0, WIDE = 1, PACKED = 2, ACC = 3, FLIPPED = 4;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);

    static float[] scratch(int slot, int size) {
        float[][] holder = SCRATCH.get();
        if (holder[slot].length < size) {
            holder[slot] = new float[size];
        }
        return holder[slot];
    }

    /**
     * Geometry of one shape: padded plane width and length, the wide plane's vector count and length, the input
     * offset of each tap (padded with offset-0 taps to a multiple of the weight-gradient block), and where the
     * forward pass's output vectors start: {@code starts[k]} in the padded plane, {@code dests[k]} in the output
     * plane (row mode) or the wide plane (wide mode).
     */
    record Plan(Conv2dShape shape, int tapMultiple, int wp, int padded, int vectors, int wideLen,
                        int[] offsets, int taps, boolean rowMode, int[] starts, int[] dests) {
        static Plan of(Conv2dShape s, int tapMultiple) {
            // A row's right padding can be the next row's left padding: reads past a row's end wrap into zeros.
            // That needs the output row to fit the buffer row (padding at most dilation·(kernel − 1), as in an
            // input gradient, where it makes the buffer exactly as wide as the output and wastes no lanes).
            int oh = s.outH(), ow = s.outW();
            int wp = s.padW() <= s.dilationW() * (s.kernelW() - 1) ? s.inW() + s.padW() : s.inW() + 2 * s.padW();
            int hp = s.inH() + 2 * s.padH();
            // Row mode computes each output row with whole vectors, the last one overlapping its neighbour (the
            // overlap recomputes identical values), and stores straight into the output; wide mode computes the
            // wide plane and compacts it. Row mode needs rows of at least one vector and wins unless it wastes
            // more lanes (short rows such as 10 wide: 16 lanes per row against 14). When the buffer row is exactly
            // the output row, the output plane is the wide plane, and row mode runs straight through it.
            int perRow = (ow + L - 1) / L;
            boolean contiguous = wp == ow && oh * ow >= L;
            boolean rowMode = contiguous || ow >= L && 10L * oh * perRow <= 11L * wideVectors(oh, ow, wp);
            if (rowMode && !contiguous && tapMultiple == 1) {
                // Forward row mode does not depend on the buffer width: rows a whole number of vectors apart keep
                // the input loads of every row equally aligned (measured: unaligned rows split more cache lines).
                wp = (wp + L - 1) / L * L;
            }
            int vectors = wideVectors(oh, ow, wp);
            int taps = s.kernelH() * s.kernelW();
            int[] offsets = new int[(taps + tapMultiple - 1) / tapMultiple * tapMultiple];
            for (int ky = 0; ky < s.kernelH(); ky++) {
                for (int kx = 0; kx < s.kernelW(); kx++) {
                    offsets[ky * s.kernelW() + kx] = ky * s.dilationH() * wp + kx * s.dilationW();
                }
            }
            int count = contiguous ? vectors : rowMode ? oh * perRow : vectors;
            int[] starts = new int[count], dests = new int[count];
            for (int k = 0; k < count; k++) {
                if (contiguous) {
                    starts[k] = Math.min(k * L, oh * ow - L);
                    dests[k] = starts[k];
                } else if (rowMode) {
                    int y = k / perRow, x = Math.min((k % perRow) * L, ow - L);
                    starts[k] = y * wp + x;
                    dests[k] = y * ow + x;
                } else {
                    starts[k] = k * L;
                    dests[k] = k * L;
                }
            }
            // Reads reach at most vectors·L − 1 + the largest offset < hp·wp + padW + L: one more row and vector.
            return new Plan(s, tapMultiple, wp, (hp + 1) * wp + L, vectors, vectors * L, offsets, taps, rowMode,
                    starts, dests);
        }

        /** Vectors covering the wide plane up to the last output: {@code (oh − 1)·wp + ow} positions. */
        private static int wideVectors(int oh, int ow, int wp) {
            return ((oh - 1) * wp + ow + L - 1) / L;
        }
    }

    /** The last plans this thread made, so that steady-state calls allocate nothing. */
    private static final ThreadLocal<Plan[]> PLANS = ThreadLocal.withInitial(() -> new Plan[4]);

    static Plan plan(Conv2dShape s, int tapMultiple) {
        Plan[] cache = PLANS.get();
        for (Plan p : cache) {
            if (p != null && p.tapMultiple() == tapMultiple && p.shape().equals(s)) {
                return p;
            }
        }
        Plan p = Plan.of(s, tapMultiple);
        System.arraycopy(cache, 0, cache, 1, cache.length - 1);
        cache[0] = p;
        return p;
    }

    /** Copies {@code channels} planes of one image into zero-padded planes of {@code plan.padded} floats. */
    static void pad(Conv2dShape s, Plan plan, float[] input, int inOff, int channels, float[] padded) {
        int ih = s.inH(), iw = s.inW(), wp = plan.wp();
        Arrays.fill(padded, 0, channels * plan.padded(), 0f);
        for (int c = 0; c < channels; c++) {
            int src = inOff + c * ih * iw;
            int dst = c * plan.padded() + s.padH() * wp + s.padW();
            for (int y = 0; y < ih; y++) {
                System.arraycopy(input, src + y * iw, padded, dst + y * wp, iw);
            }
        }
    }

    /** {@code output = conv(input, weight) + bias}; overwrites output. {@code bias} may be null. */
    public static void forward(Conv2dShape s, float[] input, float[] weight, float[] bias, float[] output) {
        forward(s, input, weight, bias, UnaryOp.IDENTITY, output);
    }

    /**
     * {@code output = act(conv(input, weight) + bias)}, the activation applied to each group of an image as soon as it
     * is written (see {@link Conv2dKernel#forward(Conv2dShape, float[], float[], float[], UnaryOp, float[])}).
     */
    static void forward(Conv2dShape s, float[] input, float[] weight, float[] bias, UnaryOp act, float[] output) {
        s.check("forward", input, s.inputSize(), "input", weight, bias, output, s.outputSize(), "output");
        if (s.strideH() != 1 || s.strideW() != 1) {
            throw new IllegalArgumentException("conv2d direct forward: needs stride 1, got " + s);
        }
        Plan plan = plan(s, 1);
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), pairs = (opg + 1) / 2;
        // Weights of each group as pairs of output channels: packed[g][pair][c][tap][2], a zero channel padding an
        // odd count.
        int perGroup = pairs * cpg * plan.taps() * 2;
        float[] packed = scratch(PACKED, s.groups() * perGroup);
        packPairs(s, weight, packed, plan.taps());
        int outPlane = s.outPlane();
        long work = (long) s.outChannels() * plan.wideLen() * cpg * plan.taps();
        Parallel.forRange(s.batch(), (int) Math.max(1, 200_000 / Math.max(1, work)), (from, to) -> {
            float[] padded = scratch(PADDED, cpg * plan.padded());
            // Wide mode: the wide planes of a group; row mode: a sink for the zero channel of an odd count.
            float[] wide = scratch(WIDE, plan.rowMode() ? outPlane : 2 * pairs * plan.wideLen());
            for (int n = from; n < to; n++) {
                for (int g = 0; g < s.groups(); g++) {
                    pad(s, plan, input, (n * s.inChannels() + g * cpg) * s.inPlane(), cpg, padded);
                    for (int p = 0; p < pairs; p++) {
                        int o = g * opg + 2 * p;
                        float b0 = bias == null ? 0f : bias[o];
                        float b1 = bias == null || 2 * p + 1 >= opg ? 0f : bias[o + 1];
                        int pOff = g * perGroup + p * cpg * plan.taps() * 2;
                        if (plan.rowMode()) {
                            int off0 = (n * s.outChannels() + o) * outPlane;
                            boolean real1 = 2 * p + 1 < opg;
                            pairVectors(plan, cpg, padded, packed, pOff, b0, b1, output, off0, real1 ? output : wide,
                                    real1 ? off0 + outPlane : 0);
                        } else {
                            int off0 = 2 * p * plan.wideLen();
                            pairVectors(plan, cpg, padded, packed, pOff, b0, b1, wide, off0, wide,
                                    off0 + plan.wideLen());
                        }
                    }
                    if (!plan.rowMode()) {
                        compact(s, plan, wide, output, n, g);
                    }
                    Elementwise.activate(act, output, (n * s.outChannels() + g * opg) * outPlane, opg * outPlane);
                }
            }
        });
    }

    /** {@code packed[g][pair][c][tap][k] = weight[g·opg + 2·pair + k][c][tap]}, 0 past the last channel. */
    private static void packPairs(Conv2dShape s, float[] weight, float[] packed, int taps) {
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), pairs = (opg + 1) / 2;
        int i = 0;
        for (int g = 0; g < s.groups(); g++) {
            for (int p = 0; p < pairs; p++) {
                for (int c = 0; c < cpg; c++) {
                    for (int t = 0; t < taps; t++) {
                        for (int k = 0; k < 2; k++) {
                            int o = 2 * p + k;
                            packed[i++] = o < opg ? weight[((g * opg + o) * cpg + c) * taps + t] : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * One channel pair's output vectors: vector {@code k} of channel 0 goes to {@code out0[off0 + dests[k]]}, of
     * channel 1 to {@code out1[off1 + dests[k]]}, each starting from its bias.
     */
    private static void pairVectors(Plan plan, int channels, float[] padded, float[] packed, int pOff, float b0,
                                    float b1, float[] out0, int off0, float[] out1, int off1) {
        int count = plan.starts().length;
        if (count < BJ) {
            for (int k = 0; k < count; k++) {
                pairBlock1(plan, channels, padded, packed, pOff, k, b0, b1, out0, off0, out1, off1);
            }
            return;
        }
        // One or two leftover vectors run alone; more, as a last block ending at the last vector that overlaps the
        // one before: the overlap is recomputed with the same operations, so it is stored twice with the same
        // values, and costs less than three or more single vectors.
        int rest = count % BJ;
        int blocked = rest <= 2 ? count - rest : count;
        for (int k = 0; k < blocked; k += BJ) {
            pairBlock6(plan, channels, padded, packed, pOff, Math.min(k, count - BJ), b0, b1, out0, off0, out1,
                    off1);
        }
        for (int k = blocked; k < count; k++) {
            pairBlock1(plan, channels, padded, packed, pOff, k, b0, b1, out0, off0, out1, off1);
        }
    }

    private static void pairBlock6(Plan plan, int channels, float[] in, float[] w, int wOff, int k, float b0,
                                   float b1, float[] out0, int off0, float[] out1, int off1) {
        FloatVector a0 = FloatVector.broadcast(F, b0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector c0 = FloatVector.broadcast(F, b1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        int[] offsets = plan.offsets(), starts = plan.starts();
        int taps = plan.taps();
        int s0 = starts[k], s1 = starts[k + 1], s2 = starts[k + 2], s3 = starts[k + 3], s4 = starts[k + 4];
        int s5 = starts[k + 5];
        for (int c = 0; c < channels; c++) {
            int base = c * plan.padded();
            int wc = wOff + c * taps * 2;
            for (int t = 0; t < taps; t++) {
                int at = base + offsets[t];
                FloatVector w0 = FloatVector.broadcast(F, w[wc + 2 * t]);
                FloatVector w1 = FloatVector.broadcast(F, w[wc + 2 * t + 1]);
                FloatVector x = FloatVector.fromArray(F, in, at + s0);
                a0 = x.fma(w0, a0);
                c0 = x.fma(w1, c0);
                x = FloatVector.fromArray(F, in, at + s1);
                a1 = x.fma(w0, a1);
                c1 = x.fma(w1, c1);
                x = FloatVector.fromArray(F, in, at + s2);
                a2 = x.fma(w0, a2);
                c2 = x.fma(w1, c2);
                x = FloatVector.fromArray(F, in, at + s3);
                a3 = x.fma(w0, a3);
                c3 = x.fma(w1, c3);
                x = FloatVector.fromArray(F, in, at + s4);
                a4 = x.fma(w0, a4);
                c4 = x.fma(w1, c4);
                x = FloatVector.fromArray(F, in, at + s5);
                a5 = x.fma(w0, a5);
                c5 = x.fma(w1, c5);
            }
        }
        int[] dests = plan.dests();
        a0.intoArray(out0, off0 + dests[k]);
        a1.intoArray(out0, off0 + dests[k + 1]);
        a2.intoArray(out0, off0 + dests[k + 2]);
        a3.intoArray(out0, off0 + dests[k + 3]);
        a4.intoArray(out0, off0 + dests[k + 4]);
        a5.intoArray(out0, off0 + dests[k + 5]);
        c0.intoArray(out1, off1 + dests[k]);
        c1.intoArray(out1, off1 + dests[k + 1]);
        c2.intoArray(out1, off1 + dests[k + 2]);
        c3.intoArray(out1, off1 + dests[k + 3]);
        c4.intoArray(out1, off1 + dests[k + 4]);
        c5.intoArray(out1, off1 + dests[k + 5]);
    }

    private static void pairBlock1(Plan plan, int channels, float[] in, float[] w, int wOff, int k, float b0,
                                   float b1, float[] out0, int off0, float[] out1, int off1) {
        FloatVector a = FloatVector.broadcast(F, b0), b = FloatVector.broadcast(F, b1);
        int[] offsets = plan.offsets();
        int taps = plan.taps();
        int start = plan.starts()[k];
        for (int c = 0; c < channels; c++) {
            int base = c * plan.padded() + start;
            int wc = wOff + c * taps * 2;
            for (int t = 0; t < taps; t++) {
                FloatVector x = FloatVector.fromArray(F, in, base + offsets[t]);
                a = x.fma(FloatVector.broadcast(F, w[wc + 2 * t]), a);
                b = x.fma(FloatVector.broadcast(F, w[wc + 2 * t + 1]), b);
            }
        }
        a.intoArray(out0, off0 + plan.dests()[k]);
        b.intoArray(out1, off1 + plan.dests()[k]);
    }

    /** Output rows of image {@code n}, group {@code g}: the first {@code outW} columns of each wide row. */
    private static void compact(Conv2dShape s, Plan plan, float[] wide, float[] output, int n, int g) {
        int opg = s.outChannelsPerGroup(), oh = s.outH(), ow = s.outW(), wp = plan.wp();
        for (int o = 0; o < opg; o++) {
            int src = o * plan.wideLen();
            int dst = (n * s.outChannels() + g * opg + o) * oh * ow;
            for (int y = 0; y < oh; y++) {
                System.arraycopy(wide, src + y * wp, output, dst + y * ow, ow);
            }
        }
    }

    /** {@code gradInput = ∂L/∂input}; overwrites gradInput. Needs stride 1 and padding ≤ dilation·(kernel − 1). */
    public static void backwardInput(Conv2dShape s, float[] gradOutput, float[] weight, float[] gradInput) {
        s.check("backwardInput", gradOutput, s.outputSize(), "gradOutput", weight, null, gradInput, s.inputSize(),
                "gradInput");
        if (!canBackwardInput(s)) {
            throw new IllegalArgumentException("conv2d direct backwardInput: needs stride 1 and padding at most "
                    + "dilation·(kernel − 1), got " + s);
        }
        Conv2dShape t = flipped(s);
        float[] w = scratch(FLIPPED, s.weightSize());
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), taps = s.kernelH() * s.kernelW();
        // w[g·cpg + c][o][taps − 1 − q] = weight[g·opg + o][c][q]
        for (int g = 0; g < s.groups(); g++) {
            for (int o = 0; o < opg; o++) {
                for (int c = 0; c < cpg; c++) {
                    int src = ((g * opg + o) * cpg + c) * taps;
                    int dst = ((g * cpg + c) * opg + o) * taps + taps - 1;
                    for (int q = 0; q < taps; q++) {
                        w[dst - q] = weight[src + q];
                    }
                }
            }
        }
        forward(t, gradOutput, w, null, gradInput);
    }

    /**
     * {@code gradWeight = ∂L/∂weight}, {@code gradBias = ∂L/∂bias} (nullable); overwrites both. See
     * {@link Conv2dDirectWeightGradient}.
     */
    public static void backwardWeight(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight,
                                      float[] gradBias) {
        Conv2dDirectWeightGradient.compute(s, input, gradOutput, gradWeight, gradBias);
    }
}
