package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.F;
import static dev.jnn.kernel.GemmMicroKernel.V;

import jdk.incubator.vector.FloatVector;

/**
 * The weight gradient of a stride-1 convolution with output pixels in the vector lanes,
 * {@code dW[o][t] = Σ_pixels dY[o][pixel]·col[t][pixel]}: a depth step is V consecutive output pixels, whose dY is
 * V consecutive floats of the gradient as it lies and whose column values for tap t are V consecutive floats of the
 * image's {@link ColumnPlanes}, so an image's rows y0..y1 are one linear run in both. A tile of {@link #TO} output
 * channels × {@link #TT} taps keeps 12 (AVX2) or 16 (AVX-512) vector accumulators, each holding V lane-wise sums;
 * they are added to a partial of vectors, and the lanes are summed only once, in {@link #sumPartials}.
 *
 * <p>Compared with {@link Conv2dWeightGradient} (output channels in the lanes) nothing is transposed or packed (that
 * path's dY transpose is 8-20 % of ResNet's layers); the price is a vector partial V times the weight's size, added
 * to once per tile and depth block, and building the planes.
 *
 * <p>A depth block is about {@link #DEPTH} pixels (whole images for small maps, rows of one image for big ones). Taps
 * are the outer loop, so a tile's planes stay in L1 while the block's dY is read from L2. The block sums are added to
 * the partial in a fixed order (blocks in turn, steps in order, lanes at the end), so results depend on the shape
 * alone, never on the thread count.
 */
final class Conv2dLaneWeightGradient {

    private Conv2dLaneWeightGradient() {}

    /**
     * Output channels per tile (dY vectors loaded per step): 4 with AVX-512's 32 registers ({@link #tile4}, 4×4
     * accumulators), else 2 ({@link #tile}, 2×6 of AVX2's 16).
     */
    static final int TO = V >= 16 ? 4 : 2;
    /**
     * Taps per tile (column vectors loaded per step): {@link #tile} is written out for six, {@link #tile4} for four.
     * Four channels × six taps (24 accumulators) left C2 short of registers for the ten streams' offsets: it kept
     * ten accumulators on the stack and ran 0.82x.
     */
    static final int TT = V >= 16 ? 4 : 6;
    /** Pixels per depth block: a tile adds its sums to the partial once per block. */
    static final int DEPTH = 1024;

    /**
     * Whether this path handles the shape, and is the faster choice: stride 1, output rows of whole vectors, and
     * output planes of at least {@link #DEPTH} pixels. Its runs are an image's rows, and C2 unrolls their loop four
     * times, loading ahead and spilling accumulators: on 32×32 maps it still beat {@link Conv2dWeightGradient} over
     * column planes (ResNet's stem 0.63-0.78x, 16 channels 0.87-0.99x, 1 and 2 threads), while on 16×16 maps it took
     * 1.2x and on 8×8 maps, whose runs are 8 steps, 1.7-1.9x the time of that kernel over the bordered input.
     * (One output channel × ten taps measured about the same; a stride C2 cannot see stops the unrolling but also
     * its bounds-check elimination: 1.7-2x.)
     */
    static boolean applies(Conv2dShape s) {
        return ColumnPlanes.apply(s) && s.outW() % V == 0 && s.outPlane() >= DEPTH;
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

    private static int imagesPerBlock(Conv2dShape s) {
        return Math.max(1, DEPTH / s.outPlane());
    }

    private static int rowsPerBlock(Conv2dShape s) {
        return s.outPlane() >= DEPTH ? Math.max(1, DEPTH / s.outW()) : s.outH();
    }

    /** Floats of a worker's scratch: one bordered image, then the planes of a block's images. */
    static int scratchSize(Conv2dImplicit.Plan plan) {
        return plan.paddedSize() + imagesPerBlock(plan.s()) * ColumnPlanes.size(plan);
    }

    /** Ints of a worker's scratch: per image of a block its dY and planes offsets, then the taps' offsets. */
    static int intsSize(Conv2dShape s) {
        return 2 * imagesPerBlock(s) + s.inChannelsPerGroup() * s.kernelH() * s.kernelW();
    }

    /**
     * Sets {@code partial[off ...]} (layout of {@link #partialSize}) to the lane-wise weight gradient summed over
     * images {@code [n0, n1)}. Scratch: {@code scratch} of {@link #scratchSize} floats, {@code ints} of
     * {@link #intsSize}.
     */
    static void accumulate(Conv2dImplicit.Plan plan, float[] input, float[] gradOutput, int n0, int n1,
                           float[] partial, int off, float[] scratch, int[] ints) {
        Conv2dShape s = plan.s();
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), k = plan.k(), p = s.outPlane();
        int ow = s.outW(), tPad = tapsPadded(s), oPad = channelsPadded(s), per = imagesPerBlock(s);
        int rows = rowsPerBlock(s), planes = ColumnPlanes.size(plan), at = plan.paddedSize(), tapsAt = 2 * per;
        ColumnPlanes.taps(plan, ints, tapsAt);
        for (int g = 0; g < s.groups(); g++) {
            boolean first = true;
            for (int a = n0; a < n1; a += per) {
                int b = Math.min(n1, a + per);
                for (int n = a; n < b; n++) {
                    ColumnPlanes.build(plan, input, (n * s.inChannels() + g * cpg) * s.inPlane(), scratch,
                            at + (n - a) * planes);
                }
                for (int y0 = 0; y0 < s.outH(); y0 += rows) {
                    int len = (Math.min(s.outH(), y0 + rows) - y0) * ow;
                    for (int n = a; n < b; n++) {
                        ints[n - a] = n * s.outChannels() * p + y0 * ow;
                        ints[per + n - a] = at + (n - a) * planes + y0 * ow;
                    }
                    for (int tb = 0; tb < tPad; tb += TT) {
                        // Taps past the last repeat it; their sums land in padding rows of the partial.
                        int t = tapsAt + Math.min(tb, k - 1), last = tapsAt + k - 1;
                        int t1 = ints[Math.min(t + 1, last)], t2 = ints[Math.min(t + 2, last)];
                        int t3 = ints[Math.min(t + 3, last)];
                        for (int ob = 0; ob < opg; ob += TO) {
                            // Channels past the last repeat it; their sums land in padding rows of the partial.
                            int dy = (g * opg + ob) * p, ci = off + ((g * tPad + tb) * oPad + ob) * V;
                            int s1 = Math.min(1, opg - 1 - ob) * p;
                            if (TO == 4) {
                                tile4(gradOutput, dy, s1, Math.min(2, opg - 1 - ob) * p,
                                        Math.min(3, opg - 1 - ob) * p, scratch, ints, per, b - a, len, ints[t], t1,
                                        t2, t3, partial, ci, oPad * V, first);
                            } else {
                                tile(gradOutput, dy, s1, scratch, ints, per, b - a, len, ints[t], t1, t2, t3,
                                        ints[Math.min(t + 4, last)], ints[Math.min(t + 5, last)], partial, ci,
                                        oPad * V, first);
                            }
                        }
                    }
                    first = false;
                }
            }
        }
    }

    /**
     * One TO×TT tile over a depth block: {@code nRuns} runs of {@code len} pixels, run r reading channels at
     * {@code dy[dBase + runs[r] + x]} and {@code dy[dBase + dStep + runs[r] + x]}, and taps at
     * {@code in[runs[per + r] + t0..t5 + x]}. Stores (with {@code first}) or adds the lane-wise sums at
     * {@code c[ci + tap·ldc + channel·V]}.
     */
    static void tile(float[] dy, int dBase, int dStep, float[] in, int[] runs, int per, int nRuns, int len, int t0,
                     int t1, int t2, int t3, int t4, int t5, float[] c, int ci, int ldc, boolean first) {
        FloatVector a0 = FloatVector.zero(F), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0;
        FloatVector a3 = a0, b3 = a0, a4 = a0, b4 = a0, a5 = a0, b5 = a0;
        for (int r = 0; r < nRuns; r++) {
            int d0 = dBase + runs[r], d1 = d0 + dStep, q = runs[per + r];
            int q0 = q + t0, q1 = q + t1, q2 = q + t2, q3 = q + t3, q4 = q + t4, q5 = q + t5;
            for (int x = 0; x < len; x += V) {
                FloatVector y0 = FloatVector.fromArray(F, dy, d0 + x);
                FloatVector y1 = FloatVector.fromArray(F, dy, d1 + x);
                FloatVector v = FloatVector.fromArray(F, in, q0 + x);
                a0 = y0.fma(v, a0);
                b0 = y1.fma(v, b0);
                v = FloatVector.fromArray(F, in, q1 + x);
                a1 = y0.fma(v, a1);
                b1 = y1.fma(v, b1);
                v = FloatVector.fromArray(F, in, q2 + x);
                a2 = y0.fma(v, a2);
                b2 = y1.fma(v, b2);
                v = FloatVector.fromArray(F, in, q3 + x);
                a3 = y0.fma(v, a3);
                b3 = y1.fma(v, b3);
                v = FloatVector.fromArray(F, in, q4 + x);
                a4 = y0.fma(v, a4);
                b4 = y1.fma(v, b4);
                v = FloatVector.fromArray(F, in, q5 + x);
                a5 = y0.fma(v, a5);
                b5 = y1.fma(v, b5);
            }
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
     * {@link #tile} for four output channels ({@code dStep1..3} after the first) and four taps: 16 accumulators,
     * AVX-512 only. Accumulator {@code sCT} sums channel C's products with tap T.
     */
    static void tile4(float[] dy, int dBase, int dStep1, int dStep2, int dStep3, float[] in, int[] runs, int per,
                      int nRuns, int len, int t0, int t1, int t2, int t3, float[] c, int ci, int ldc, boolean first) {
        FloatVector s00 = FloatVector.zero(F), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int r = 0; r < nRuns; r++) {
            int d0 = dBase + runs[r], d1 = d0 + dStep1, d2 = d0 + dStep2, d3 = d0 + dStep3, q = runs[per + r];
            int q0 = q + t0, q1 = q + t1, q2 = q + t2, q3 = q + t3;
            for (int x = 0; x < len; x += V) {
                FloatVector y0 = FloatVector.fromArray(F, dy, d0 + x);
                FloatVector y1 = FloatVector.fromArray(F, dy, d1 + x);
                FloatVector y2 = FloatVector.fromArray(F, dy, d2 + x);
                FloatVector y3 = FloatVector.fromArray(F, dy, d3 + x);
                FloatVector v = FloatVector.fromArray(F, in, q0 + x);
                s00 = y0.fma(v, s00);
                s10 = y1.fma(v, s10);
                s20 = y2.fma(v, s20);
                s30 = y3.fma(v, s30);
                v = FloatVector.fromArray(F, in, q1 + x);
                s01 = y0.fma(v, s01);
                s11 = y1.fma(v, s11);
                s21 = y2.fma(v, s21);
                s31 = y3.fma(v, s31);
                v = FloatVector.fromArray(F, in, q2 + x);
                s02 = y0.fma(v, s02);
                s12 = y1.fma(v, s12);
                s22 = y2.fma(v, s22);
                s32 = y3.fma(v, s32);
                v = FloatVector.fromArray(F, in, q3 + x);
                s03 = y0.fma(v, s03);
                s13 = y1.fma(v, s13);
                s23 = y2.fma(v, s23);
                s33 = y3.fma(v, s33);
            }
        }
        // Tap T's row of the partial starts at ci + T·ldc; channel C's vector is C·V floats into it.
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (!first) {
            s00 = s00.add(FloatVector.fromArray(F, c, ci));
            s10 = s10.add(FloatVector.fromArray(F, c, ci + V));
            s20 = s20.add(FloatVector.fromArray(F, c, ci + 2 * V));
            s30 = s30.add(FloatVector.fromArray(F, c, ci + 3 * V));
            s01 = s01.add(FloatVector.fromArray(F, c, r1));
            s11 = s11.add(FloatVector.fromArray(F, c, r1 + V));
            s21 = s21.add(FloatVector.fromArray(F, c, r1 + 2 * V));
            s31 = s31.add(FloatVector.fromArray(F, c, r1 + 3 * V));
            s02 = s02.add(FloatVector.fromArray(F, c, r2));
            s12 = s12.add(FloatVector.fromArray(F, c, r2 + V));
            s22 = s22.add(FloatVector.fromArray(F, c, r2 + 2 * V));
            s32 = s32.add(FloatVector.fromArray(F, c, r2 + 3 * V));
            s03 = s03.add(FloatVector.fromArray(F, c, r3));
            s13 = s13.add(FloatVector.fromArray(F, c, r3 + V));
            s23 = s23.add(FloatVector.fromArray(F, c, r3 + 2 * V));
            s33 = s33.add(FloatVector.fromArray(F, c, r3 + 3 * V));
        }
        s00.intoArray(c, ci);
        s10.intoArray(c, ci + V);
        s20.intoArray(c, ci + 2 * V);
        s30.intoArray(c, ci + 3 * V);
        s01.intoArray(c, r1);
        s11.intoArray(c, r1 + V);
        s21.intoArray(c, r1 + 2 * V);
        s31.intoArray(c, r1 + 3 * V);
        s02.intoArray(c, r2);
        s12.intoArray(c, r2 + V);
        s22.intoArray(c, r2 + 2 * V);
        s32.intoArray(c, r2 + 3 * V);
        s03.intoArray(c, r3);
        s13.intoArray(c, r3 + V);
        s23.intoArray(c, r3 + 2 * V);
        s33.intoArray(c, r3 + 3 * V);
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
