package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.F;
import static dev.jnn.kernel.GemmMicroKernel.V;

import jdk.incubator.vector.FloatVector;

/**
 * The weight gradient of a convolution with output pixels in the vector lanes, for kernels three taps wide read at
 * stride 1,
 * {@code dW[o][t] = Σ_pixels dY[o][pixel]·col[t][pixel]}, and output widths that are a multiple of V: a depth step is
 * one output row segment of V pixels, whose dY is V consecutive floats of the gradient as it lies and whose column
 * values for tap t are V consecutive floats of the border-zeroed input ({@code bordered[corner + taps[t]]}, as in
 * {@link Conv2dImplicit}). A tile of {@link #TO} output channels × {@link #TT} taps (two kernel rows of three taps,
 * each row three consecutive offsets, so that C2 needs one bounds check per row) keeps twelve vector accumulators,
 * each holding V lane-wise partial sums; they are added to a partial of vectors, and the lanes are summed only once,
 * in {@link #sumPartials}.
 *
 * <p>Compared with {@link Conv2dWeightGradient} (output channels in the lanes) nothing is transposed or packed (that
 * path's dY transpose was 20 % of ResNet's 16-channel layers) and no border columns are computed (20 % of the work on
 * 8×8 maps); the price is a vector partial V times the weight's size, added to once per tile and depth block, and a
 * loop that reads its steps from a table (offsets not linear in the step, so C2 keeps a bounds check per kernel row
 * and spills loop invariants): measured 0.72-0.86x the time of that path for ResNet's 3-channel stem, but 1.09x at 16
 * input channels and 1.27x at 32 and 64, so {@link Conv2dKernel} sends it only inputs of fewer than V channels.
 *
 * <p>A depth block is about {@link #DEPTH} pixels (whole images for small maps, rows of one image for big ones), so
 * that its bordered input and dY stay in L2; its steps are listed in a table of offsets so that the tile is one flat
 * loop. The block sums are added to the partial in a fixed order (blocks in turn, steps in order, lanes at the end),
 * so results depend on the shape alone, never on the thread count.
 */
final class Conv2dLaneWeightGradient {

    private Conv2dLaneWeightGradient() {}

    /** Output channels per tile (dY vectors loaded per step). */
    static final int TO = 2;
    /** Taps per tile (column vectors loaded per step): two rows of three; {@link #tile} is written out for them. */
    static final int TT = 6;
    /** Pixels per depth block: its bordered input and dY together stay within L2 for ResNet's layers. */
    static final int DEPTH = 512;

    /** Whether this path handles the shape: every output row is whole vectors, each kernel row three adjacent taps. */
    static boolean applies(Conv2dShape s) {
        return s.outW() % V == 0 && s.kernelW() == 3 && s.strideW() == 1 && s.dilationW() == 1;
    }

    static int tapsPadded(Conv2dShape s) {
        return GemmPacking.ceilDiv(s.inChannelsPerGroup() * s.kernelH() * s.kernelW(), TT) * TT;
    }

    static int channelsPadded(Conv2dShape s) {
        return GemmPacking.ceilDiv(s.outChannelsPerGroup(), TO) * TO;
    }

    /** Floats of one partial, layout {@code [groups][tapsPadded][channelsPadded][V]}. */
    static int partialSize(Conv2dShape s) {
        return s.groups() * tapsPadded(s) * channelsPadded(s) * V;
    }

    static int imagesPerBlock(Conv2dShape s) {
        return Math.max(1, DEPTH / s.outPlane());
    }

    private static int rowsPerBlock(Conv2dShape s) {
        return s.outPlane() >= DEPTH ? Math.max(1, DEPTH / s.outW()) : s.outH();
    }

    static int borderedSize(Conv2dImplicit.Plan plan) {
        return imagesPerBlock(plan.s()) * plan.paddedSize();
    }

    /** Ints of the step table: two (dY offset, bordered offset) per step of the largest block. */
    static int stepsSize(Conv2dShape s) {
        return 2 * imagesPerBlock(s) * Math.min(s.outH(), rowsPerBlock(s)) * (s.outW() / V);
    }

    /**
     * Sets {@code partial[off ...]} (layout of {@link #partialSize}) to the lane-wise weight gradient summed over
     * images {@code [n0, n1)}. Scratch: {@code bordered} of {@link #borderedSize}, {@code steps} of
     * {@link #stepsSize} ints.
     */
    static void accumulate(Conv2dImplicit.Plan plan, float[] input, float[] gradOutput, int n0, int n1,
                           float[] partial, int off, float[] bordered, int[] steps) {
        Conv2dShape s = plan.s();
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), k = plan.k(), p = s.outPlane();
        int tPad = tapsPadded(s), oPad = channelsPadded(s), per = imagesPerBlock(s), rows = rowsPerBlock(s);
        int[] taps = plan.taps();
        for (int g = 0; g < s.groups(); g++) {
            boolean first = true;
            for (int a = n0; a < n1; a += per) {
                int b = Math.min(n1, a + per);
                for (int n = a; n < b; n++) {
                    Conv2dImplicit.border(s, input, (n * s.inChannels() + g * cpg) * s.inPlane(), bordered,
                            (n - a) * plan.paddedSize(), plan.paddedH(), plan.paddedW());
                }
                for (int y0 = 0; y0 < s.outH(); y0 += rows) {
                    int count = listSteps(plan, a, b, y0, Math.min(s.outH(), y0 + rows), steps);
                    for (int ob = 0; ob < opg; ob += TO) {
                        // An odd last channel is paired with itself; the copy lands in a padding row of the partial.
                        int dBase = (g * opg + ob) * p, dStep = ob + 1 < opg ? p : 0;
                        for (int tb = 0; tb < tPad; tb += TT) {
                            // An odd last kernel row is paired with itself; the copy lands in padding rows.
                            tile(gradOutput, dBase, dStep, bordered, steps, count, taps[Math.min(tb, k - 3)],
                                    taps[Math.min(tb + 3, k - 3)], partial, off + ((g * tPad + tb) * oPad + ob) * V,
                                    oPad * V, first);
                        }
                    }
                    first = false;
                }
            }
        }
    }

    /**
     * Fills {@code steps} with the block's steps (images {@code [a, b)}, output rows {@code [y0, y1)}, V pixels
     * each) as pairs: the offset of the segment in dY's channel 0 of the group, and of its corner in the bordered
     * block. Returns the step count.
     */
    private static int listSteps(Conv2dImplicit.Plan plan, int a, int b, int y0, int y1, int[] steps) {
        Conv2dShape s = plan.s();
        int ow = s.outW(), pw = plan.paddedW(), image = s.outChannels() * s.outPlane();
        int i = 0;
        for (int n = a; n < b; n++) {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < ow; x += V, i += 2) {
                    steps[i] = n * image + y * ow + x;
                    steps[i + 1] = (n - a) * plan.paddedSize() + y * pw + x;
                }
            }
        }
        return i / 2;
    }

    /**
     * One TO×TT tile over a depth block of {@code count} steps: channels at {@code dy[dBase + step]} and
     * {@code dy[dBase + dStep + step]}, taps at {@code in[corner + u + 0..2]} and {@code in[corner + w + 0..2]}. Stores (with {@code first}) or adds the
     * lane-wise sums at {@code c[ci + tap·ldc + channel·V]}.
     */
    static void tile(float[] dy, int dBase, int dStep, float[] in, int[] steps, int count, int u, int w, float[] c,
                     int ci, int ldc, boolean first) {
        FloatVector a0 = FloatVector.zero(F), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0;
        FloatVector a3 = a0, b3 = a0, a4 = a0, b4 = a0, a5 = a0, b5 = a0;
        for (int i = 0; i < 2 * count; i += 2) {
            int d = dBase + steps[i], q = steps[i + 1];
            FloatVector y0 = FloatVector.fromArray(F, dy, d);
            FloatVector y1 = FloatVector.fromArray(F, dy, d + dStep);
            FloatVector x = FloatVector.fromArray(F, in, q + u);
            a0 = y0.fma(x, a0);
            b0 = y1.fma(x, b0);
            x = FloatVector.fromArray(F, in, q + u + 1);
            a1 = y0.fma(x, a1);
            b1 = y1.fma(x, b1);
            x = FloatVector.fromArray(F, in, q + u + 2);
            a2 = y0.fma(x, a2);
            b2 = y1.fma(x, b2);
            x = FloatVector.fromArray(F, in, q + w);
            a3 = y0.fma(x, a3);
            b3 = y1.fma(x, b3);
            x = FloatVector.fromArray(F, in, q + w + 1);
            a4 = y0.fma(x, a4);
            b4 = y1.fma(x, b4);
            x = FloatVector.fromArray(F, in, q + w + 2);
            a5 = y0.fma(x, a5);
            b5 = y1.fma(x, b5);
        }
        // Written out rather than in a helper taking vectors, which might not be inlined (vectors boxed).
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (!first) {
            a0 = a0.add(FloatVector.fromArray(F, c, ci));
            b0 = b0.add(FloatVector.fromArray(F, c, ci + V));
            a1 = a1.add(FloatVector.fromArray(F, c, r1));
            b1 = b1.add(FloatVector.fromArray(F, c, r1 + V));
            a2 = a2.add(FloatVector.fromArray(F, c, r2));
            b2 = b2.add(FloatVector.fromArray(F, c, r2 + V));
            a3 = a3.add(FloatVector.fromArray(F, c, r3));
            b3 = b3.add(FloatVector.fromArray(F, c, r3 + V));
            a4 = a4.add(FloatVector.fromArray(F, c, r4));
            b4 = b4.add(FloatVector.fromArray(F, c, r4 + V));
            a5 = a5.add(FloatVector.fromArray(F, c, r5));
            b5 = b5.add(FloatVector.fromArray(F, c, r5 + V));
        }
        a0.intoArray(c, ci);
        b0.intoArray(c, ci + V);
        a1.intoArray(c, r1);
        b1.intoArray(c, r1 + V);
        a2.intoArray(c, r2);
        b2.intoArray(c, r2 + V);
        a3.intoArray(c, r3);
        b3.intoArray(c, r3 + V);
        a4.intoArray(c, r4);
        b4.intoArray(c, r4 + V);
        a5.intoArray(c, r5);
        b5.intoArray(c, r5 + V);
    }

    /**
     * {@code gradWeight[g·opg + o][t]}: the chunks' lane-wise partials added in chunk order, then the lanes in lane
     * order (so the sum does not depend on which thread computed which chunk).
     */
    static void sumPartials(Conv2dShape s, float[] partials, int chunks, float[] gradWeight) {
        int opg = s.outChannelsPerGroup(), k = s.inChannelsPerGroup() * s.kernelH() * s.kernelW();
        int tPad = tapsPadded(s), oPad = channelsPadded(s), size = partialSize(s);
        for (int g = 0; g < s.groups(); g++) {
            for (int o = 0; o < opg; o++) {
                int dst = (g * opg + o) * k;
                for (int t = 0; t < k; t++) {
                    int src = ((g * tPad + t) * oPad + o) * V;
                    FloatVector sum = FloatVector.fromArray(F, partials, src);
                    for (int c = 1; c < chunks; c++) {
                        sum = sum.add(FloatVector.fromArray(F, partials, c * size + src));
                    }
                    gradWeight[dst + t] = Reduce.addLanes(sum);
                }
            }
        }
    }
}
