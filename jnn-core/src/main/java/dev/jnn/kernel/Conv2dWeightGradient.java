package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.F;
import static dev.jnn.kernel.GemmMicroKernel.V;

import jdk.incubator.vector.FloatVector;

/**
 * The weight gradient of a convolution as a register-blocked GEMM,
 * {@code dWᵀ[t][o] = Σ_pixels col[t][pixel]·dY[o][pixel]} (t: a tap (c, i, j) of the kernel; the depth runs over
 * every output pixel of every image): a tile of {@link #TR} taps × {@link #OC} output channels keeps ten vector
 * accumulators; each depth step loads two vectors of 16 output channels' dY at one pixel (from a transposed copy,
 * packed per depth block) and broadcasts five column values straight from the border-zeroed input (as in
 * {@link Conv2dImplicit}: the column value of tap t at a pixel is {@code bordered[corner(pixel) + taps[t]]}), so the
 * column matrix is never written and needs no packing.
 *
 * <p>Output channels are the vector direction because ResNet's 16-, 32- and 64-channel layers fill the 16-wide tile
 * exactly. Five taps, not {@link GemmMicroKernel}'s six: with six broadcast streams C2 keeps more broadcasts live than
 * AVX2's 16 registers leave and spills accumulators (measured about 0.8x); gathering the column values into a
 * six-wide panel for {@link GemmMicroKernel#tile} ran that kernel at full speed but the gather cost more than it
 * saved (about 1.1x slower on 64 channels, 1.5x on 16).
 *
 * <p>The depth is cut into blocks of about {@link #DEPTH} pixels (output rows of one image, or whole images for small
 * maps) whose packed dY panels stay in L1. Each image is one flat run of depth steps (nested loops over 32-pixel rows
 * measured about 0.6x in isolation). At stride 1 the column values are read from the image's {@link ColumnPlanes},
 * whose rows are the output rows, so the run holds exactly the image's pixels; this replaced walking the bordered
 * rows at their full pitch, whose {@code paddedW − outW} border columns (with a zero dY) were 20 % of the work on 8×8
 * maps (measured 0.86-0.94x the time on ResNet's 8×8 layers, 0.91-1.04x on 16×16). Other strides still walk the
 * bordered phases that way, and an infinite input value in a border column turns its channel's sums into NaN, where
 * they would mostly be infinite or NaN anyway. Each tile's block sum is added to its partial in a fixed order
 * (blocks in turn, steps in order), so results depend on the shape alone, never on the thread count.
 */
final class Conv2dWeightGradient {

    private Conv2dWeightGradient() {}

    /** Taps (broadcast) per tile; {@link #tile} is written out for five. */
    static final int TR = 5;
    /** Output channels (two vectors) per tile. */
    static final int OC = 2 * V;
    /** Pixels per depth block: its packed dY panel (DEPTH · OC floats, 16 KB) stays in L1 across the taps. */
    static final int DEPTH = 256;

    /**
     * Whether this path handles the shape (the caller excludes 1×1 kernels that read the input in place): with fewer
     * than a vector of output channels per group most of each tile would be padding.
     */
    static boolean applies(Conv2dShape s) {
        return s.outChannelsPerGroup() >= V;
    }

    /** Taps rounded up to whole tiles: the row count of a partial. */
    static int tapsPadded(Conv2dShape s) {
        int k = s.inChannelsPerGroup() * s.kernelH() * s.kernelW();
        return GemmPacking.ceilDiv(k, TR) * TR;
    }

    /** Output channels per group rounded up to whole tiles: the row stride of a partial. */
    static int channelsPadded(Conv2dShape s) {
        return GemmPacking.ceilDiv(s.outChannelsPerGroup(), OC) * OC;
    }

    /** Floats of one partial, layout {@code [groups][tapsPadded][channelsPadded]}. */
    static int partialSize(Conv2dShape s) {
        return s.groups() * tapsPadded(s) * channelsPadded(s);
    }

    /** Images per depth block: several small maps make one block, a big map is cut into row blocks instead. */
    static int imagesPerBlock(Conv2dShape s) {
        return Math.max(1, DEPTH / s.outPlane());
    }

    /** Output rows per depth block of one image (all of them when blocks hold whole images). */
    private static int rowsPerBlock(Conv2dShape s) {
        return s.outPlane() >= DEPTH ? Math.max(1, DEPTH / s.outW()) : s.outH();
    }

    /** Row pitch of the depth steps: the {@link ColumnPlanes}' outW at stride 1, else the bordered paddedW. */
    private static int pitch(Conv2dImplicit.Plan plan) {
        return ColumnPlanes.apply(plan.s()) ? plan.s().outW() : plan.paddedW();
    }

    /** Floats per image of a block in the worker's scratch: its planes at stride 1, else its bordered image. */
    private static int imageSize(Conv2dImplicit.Plan plan) {
        return ColumnPlanes.apply(plan.s()) ? ColumnPlanes.size(plan) : plan.paddedSize();
    }

    /**
     * Floats of the scratch a worker needs: at stride 1 one bordered image then the planes of a block's images, else
     * the bordered images of a block.
     */
    static int borderedSize(Conv2dImplicit.Plan plan) {
        int at = ColumnPlanes.apply(plan.s()) ? plan.paddedSize() : 0;
        return at + imagesPerBlock(plan.s()) * imageSize(plan);
    }

    /**
     * Depth steps of the largest block, for the packed dY panel ({@code · channelsPadded} floats): per image, its
     * rows at the step pitch, the last one {@code outW} long.
     */
    static int maxDepth(Conv2dImplicit.Plan plan) {
        Conv2dShape s = plan.s();
        return imagesPerBlock(s) * ((Math.min(s.outH(), rowsPerBlock(s)) - 1) * pitch(plan) + s.outW());
    }

    /**
     * Sets {@code partial[off ...]} (layout of {@link #partialSize}) to the transposed weight gradient summed over
     * images {@code [n0, n1)}. Scratch: {@code bordered} of {@link #borderedSize}, {@code panel} of
     * {@code maxDepth · channelsPadded} floats, {@code runs} of {@link #runsNeeded} ints.
     */
    static void accumulate(Conv2dImplicit.Plan plan, float[] input, float[] gradOutput, int n0, int n1,
                           float[] partial, int off, float[] bordered, float[] panel, int[] runs) {
        Conv2dShape s = plan.s();
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), k = plan.k();
        int kPad = tapsPadded(s), oPad = channelsPadded(s), ow = s.outW(), oh = s.outH(), pitch = pitch(plan);
        int per = imagesPerBlock(s), rows = rowsPerBlock(s), size = imageSize(plan);
        boolean planes = ColumnPlanes.apply(s);
        int at = planes ? plan.paddedSize() : 0, tapsAt = planes ? per : 0;
        int[] taps = planes ? runs : plan.taps();
        if (planes) {
            ColumnPlanes.taps(plan, runs, tapsAt);
        }
        for (int g = 0; g < s.groups(); g++) {
            int cOff = off + g * kPad * oPad;
            boolean first = true;
            for (int a = n0; a < n1; a += per) {
                int b = Math.min(n1, a + per);
                for (int n = a; n < b; n++) {
                    int inOff = (n * s.inChannels() + g * cpg) * s.inPlane();
                    if (planes) {
                        ColumnPlanes.build(plan, input, inOff, bordered, at + (n - a) * size);
                    } else {
                        Conv2dImplicit.border(s, input, inOff, bordered, (n - a) * size, plan.paddedH(),
                                plan.paddedW());
                    }
                }
                for (int y0 = 0; y0 < oh; y0 += rows) {
                    int y1 = Math.min(oh, y0 + rows);
                    // One run per image: its rows y0..y1, with the border columns between them if bordered.
                    int len = (y1 - y0 - 1) * pitch + ow;
                    for (int n = a; n < b; n++) {
                        runs[n - a] = at + (n - a) * size + y0 * pitch;
                    }
                    int depth = (b - a) * len;
                    for (int ob = 0; ob < oPad; ob += OC) {
                        packGradOutput(s, gradOutput, a, b, y0, y1, pitch, g * opg + ob, Math.min(OC, opg - ob),
                                panel, ob * depth);
                    }
                    for (int ob = 0; ob < oPad; ob += OC) {
                        for (int tb = 0; tb < kPad; tb += TR) {
                            tile(panel, ob * depth, bordered, runs, b - a, len, taps[tapsAt + Math.min(tb, k - 1)],
                                    taps[tapsAt + Math.min(tb + 1, k - 1)], taps[tapsAt + Math.min(tb + 2, k - 1)],
                                    taps[tapsAt + Math.min(tb + 3, k - 1)], taps[tapsAt + Math.min(tb + 4, k - 1)],
                                    partial, cOff + tb * oPad + ob, oPad, first);
                        }
                    }
                    first = false;
                }
            }
        }
    }

    /**
     * Packs dY of channels {@code [o0, o0 + live)} (zero up to OC) at the block's depth steps (images
     * {@code [a, b)}, each rows {@code [y0, y1)} of {@code pw} steps, the last {@code ow}) as
     * {@code panel[at + d·OC + i]}: one row of OC channels per depth step, zero at the border columns.
     */
    private static void packGradOutput(Conv2dShape s, float[] dy, int a, int b, int y0, int y1, int pw, int o0,
                                       int live, float[] panel, int at) {
        int p = s.outPlane(), ow = s.outW(), len = (y1 - y0 - 1) * pw + ow;
        int whole = V == SixteenRowTranspose.L && pw == ow ? live / V * V : 0;
        for (int n = a; n < b; n++) {
            // Rows without border columns are one flat run: whole groups of sixteen channels go sixteen pixels at a
            // time through SixteenRowTranspose (one float at a time this loop was 2 % of a ResNet-20 step).
            int run = at + (n - a) * len * OC, src = (n * s.outChannels() + o0) * p + y0 * ow;
            for (int i = 0; i < whole; i += V) {
                SixteenRowTranspose.rows(dy, src + i * p, p, len, panel, run + i, OC);
            }
        }
        for (int i = whole; i < OC; i++) {
            for (int n = a; n < b; n++) {
                int run = at + (n - a) * len * OC + i;
                if (i >= live) {
                    for (int d = 0; d < len; d++) {
                        panel[run + d * OC] = 0f;
                    }
                    continue;
                }
                int src = (n * s.outChannels() + o0 + i) * p;
                for (int y = y0; y < y1; y++) {
                    int dst = run + (y - y0) * pw * OC, row = src + y * ow;
                    for (int x = 0; x < ow; x++) {
                        panel[dst + x * OC] = dy[row + x];
                    }
                    for (int x = ow; x < pw && y < y1 - 1; x++) {
                        panel[dst + x * OC] = 0f;
                    }
                }
            }
        }
    }

    /**
     * One TR×OC tile over a depth block: {@code nRuns} runs of {@code len} steps, run r starting at
     * {@code bordered[runs[r]]}; the five taps' offsets {@code t0..t4}. Adds to (or with {@code first}, sets)
     * {@code c[ci + tap·ldc + channel]}.
     */
    static void tile(float[] pa, int ai, float[] in, int[] runs, int nRuns, int len, int t0, int t1, int t2,
                             int t3, int t4, float[] c, int ci, int ldc, boolean first) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00;
        for (int r = 0; r < nRuns; r++) {
            int q = runs[r], b0 = q + t0, b1 = q + t1, b2 = q + t2, b3 = q + t3, b4 = q + t4;
            int ar = ai + r * len * OC;
            for (int x = 0; x < len; x++) {
                int a = ar + x * OC;
                FloatVector a0 = FloatVector.fromArray(F, pa, a);
                FloatVector a1 = FloatVector.fromArray(F, pa, a + V);
                FloatVector bv = FloatVector.broadcast(F, in[b0 + x]);
                c00 = a0.fma(bv, c00);
                c01 = a1.fma(bv, c01);
                bv = FloatVector.broadcast(F, in[b1 + x]);
                c10 = a0.fma(bv, c10);
                c11 = a1.fma(bv, c11);
                bv = FloatVector.broadcast(F, in[b2 + x]);
                c20 = a0.fma(bv, c20);
                c21 = a1.fma(bv, c21);
                bv = FloatVector.broadcast(F, in[b3 + x]);
                c30 = a0.fma(bv, c30);
                c31 = a1.fma(bv, c31);
                bv = FloatVector.broadcast(F, in[b4 + x]);
                c40 = a0.fma(bv, c40);
                c41 = a1.fma(bv, c41);
            }
        }
        // Written out rather than in a helper taking vectors, which might not be inlined (vectors boxed).
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc;
        if (!first) {
            c00 = c00.add(FloatVector.fromArray(F, c, ci));
            c01 = c01.add(FloatVector.fromArray(F, c, ci + V));
            c10 = c10.add(FloatVector.fromArray(F, c, r1));
            c11 = c11.add(FloatVector.fromArray(F, c, r1 + V));
            c20 = c20.add(FloatVector.fromArray(F, c, r2));
            c21 = c21.add(FloatVector.fromArray(F, c, r2 + V));
            c30 = c30.add(FloatVector.fromArray(F, c, r3));
            c31 = c31.add(FloatVector.fromArray(F, c, r3 + V));
            c40 = c40.add(FloatVector.fromArray(F, c, r4));
            c41 = c41.add(FloatVector.fromArray(F, c, r4 + V));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + V);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + V);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + V);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + V);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + V);
    }

    /**
     * {@code gradWeight[g·opg + o][t] = Σ_c partials[c][g][t][o]}, the partials of {@code chunks} chunks added in
     * chunk order (so the sum does not depend on which thread computed which chunk).
     */
    static void sumPartials(Conv2dShape s, float[] partials, int chunks, float[] gradWeight) {
        int opg = s.outChannelsPerGroup(), k = s.inChannelsPerGroup() * s.kernelH() * s.kernelW();
        int kPad = tapsPadded(s), oPad = channelsPadded(s), size = partialSize(s);
        for (int g = 0; g < s.groups(); g++) {
            for (int o = 0; o < opg; o++) {
                int dst = (g * opg + o) * k;
                for (int t = 0; t < k; t++) {
                    int src = (g * kPad + t) * oPad + o;
                    float sum = partials[src];
                    for (int c = 1; c < chunks; c++) {
                        sum += partials[c * size + src];
                    }
                    gradWeight[dst + t] = sum;
                }
            }
        }
    }

    /** Ints of the worker's int scratch: runs (one per image) of the largest depth block, then the plane taps. */
    static int runsNeeded(Conv2dShape s) {
        return imagesPerBlock(s) + s.inChannelsPerGroup() * s.kernelH() * s.kernelW();
    }
}
