package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.F;
import static dev.jnn.kernel.GemmMicroKernel.V;

import jdk.incubator.vector.FloatVector;

/**
 * The weight gradient of a 3×3 "same" convolution (stride 1, output as large as the input) on AVX-512, with the
 * kernel's offsets moved from the input onto dY. Writing a pixel q and the flat input index m of tap (i, j) at q,
 * {@code m = q + shift(i, j)} with {@code shift = (i − 1)·dilationH·W + (j − 1)·dilationW}, so
 * <pre>  dW[o][c, i, j] = Σ_m x_c[m] · dY_j[o][m − shift(i, j)]</pre>
 * where m runs over the input plane as it lies and {@code dY_j} is dY with zeros where column {@code x + (j − 1)·d}
 * leaves the image (a flat shift would wrap into the neighbouring row there) and beyond the plane's ends. Rows need
 * no mask: with the column inside, m lies in the plane exactly when the row does.
 *
 * <p>A tile is two input channels × nine taps × sixteen output channels (one vector): per input pixel it broadcasts
 * the two channels' values and loads dY at the nine shifts (from three column-masked copies, transposed to sixteen
 * channels per pixel), 18 FMAs for 11 loads, and 18 accumulators, 21 of AVX-512's 32 registers. The input is read in
 * place: no bordered image and no {@link ColumnPlanes}. The dY transpose goes through {@link SixteenRowTranspose}
 * (one float at a time it took as long as the tiles). Measured on one thread of the Zen 5, the tile loop alone
 * reaches 0.75-0.85 of the FMA loop on 32×32 maps, 0.71 on 16×16 and 0.67 on 8×8.
 *
 * <p>Each tile adds its image's sum to the chunk's partial, images in order, so results depend on the shape alone,
 * never on the thread count.
 */
final class Conv2dShiftWeightGradient {

    private Conv2dShiftWeightGradient() {}

    /** Taps of the 3×3 kernel, each a row of a channel's partial. */
    static final int TAPS = 9;

    /**
     * Whether this path handles the shape, and is the faster choice: AVX-512, 3×3, stride 1, same size, whole vectors
     * of output channels, maps of at least 1024 pixels and at least 8 input channels per group. Against the kernels
     * it replaces (interleaved in one JVM, batch 128, 2 threads), ResNet's 16-channel 32×32 layer ran 1.27x faster
     * than {@link Conv2dLaneWeightGradient}; the 32-channel 16×16 and 64-channel 8×8 layers ran level with
     * {@link Conv2dWeightGradient} (0.98x, 1.00x: shorter tiles, and the tile loop alone reaches only 0.67-0.72 of
     * the FMA loop there; that kernel has since gained 1.06x from {@link SixteenRowTranspose}), and the 3-channel
     * stem 0.82x (two pairs per image, one half empty, for each transpose).
     */
    static boolean applies(Conv2dShape s) {
        return V == 16 && s.kernelH() == 3 && s.kernelW() == 3 && s.strideH() == 1 && s.strideW() == 1
                && s.outH() == s.inH() && s.outW() == s.inW() && s.outChannelsPerGroup() % V == 0
                && s.outPlane() >= 1024 && s.inChannelsPerGroup() >= 8;
    }

    /** Input channels per group rounded up to whole pairs: an odd last channel's twin sums land in padding rows. */
    private static int channelsPadded(Conv2dShape s) {
        return (s.inChannelsPerGroup() + 1) & ~1;
    }

    /** Floats of one partial, layout {@code [groups][channelsPadded][TAPS][opg]}. */
    static int partialSize(Conv2dShape s) {
        return s.groups() * channelsPadded(s) * TAPS * s.outChannelsPerGroup();
    }

    /** Farthest shift: {@code dY_j} carries this many zero pixels before and after the plane. */
    private static int reach(Conv2dShape s) {
        return s.dilationH() * s.outW() + s.dilationW();
    }

    /** Pixels of one column-masked copy of an image's dY: the plane and its zeros on both sides. */
    private static int maskedLength(Conv2dShape s) {
        return s.outPlane() + 2 * reach(s);
    }

    /** Floats of one image's panel: three column-masked copies of sixteen channels' transposed dY. */
    static int panelSize(Conv2dShape s) {
        return 3 * maskedLength(s) * V;
    }

    /**
     * Sets {@code partial[off ...]} (layout of {@link #partialSize}) to the weight gradient summed over images
     * {@code [n0, n1)}, image by image. Scratch: {@code panel} of {@link #panelSize} floats, {@code taps} of
     * {@link #TAPS} ints.
     */
    static void accumulate(Conv2dShape s, float[] input, float[] gradOutput, int n0, int n1, float[] partial,
                           int off, float[] panel, int[] taps) {
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), p = s.outPlane();
        int len = maskedLength(s), reach = reach(s), ow = s.outW();
        int twin = TAPS * opg, dh = s.dilationH() * ow, dw = s.dilationW();
        // Where the step-0 dY vector of tap (i, j) sits in the panel: copy j, pixel reach − shift(i, j).
        for (int t = 0; t < TAPS; t++) {
            int i = t / 3, j = t % 3;
            taps[t] = (j * len + reach - (i - 1) * dh - (j - 1) * dw) * V;
        }
        for (int n = n0; n < n1; n++) {
            for (int g = 0; g < s.groups(); g++) {
                int in = (n * s.inChannels() + g * cpg) * p, cOff = off + g * channelsPadded(s) * twin;
                for (int ob = 0; ob < opg; ob += V) {
                    pack(s, gradOutput, (n * s.outChannels() + g * opg + ob) * p, panel);
                    for (int c = 0; c < cpg; c += 2) {
                        int x0 = in + c * p;
                        tile(input, x0, c + 1 < cpg ? x0 + p : x0, p, panel, taps[0], taps[1], taps[2], taps[3],
                                taps[4], taps[5], taps[6], taps[7], taps[8], partial, cOff + c * twin + ob, opg,
                                twin, n == n0);
                    }
                }
            }
        }
    }

    /**
     * Writes the three column-masked copies of sixteen channels' dY (channel o at {@code dy[src + o·plane ...]}),
     * transposed to sixteen channels per pixel, into {@code panels}: copy j holds pixel q at
     * {@code (j·len + reach + q)·V}, zero where column {@code x + (j − 1)·dilationW} leaves the image and in the
     * {@code reach} pixels before and after the plane.
     */
    private static void pack(Conv2dShape s, float[] dy, int src, float[] panels) {
        int p = s.outPlane(), ow = s.outW(), len = maskedLength(s), reach = reach(s), dw = s.dilationW();
        for (int j = 0; j < 3; j++) {
            int base = j * len * V;
            java.util.Arrays.fill(panels, base, base + reach * V, 0f);
            java.util.Arrays.fill(panels, base + (reach + p) * V, base + len * V, 0f);
        }
        int centre = (len + reach) * V;
        SixteenRowTranspose.rows(dy, src, p, p, panels, centre, V);
        FloatVector zero = FloatVector.zero(F);
        for (int j = 0; j < 3; j += 2) {
            // Column x is kept where x + (j − 1)·dw stays inside [0, ow).
            int lo = Math.max(0, -(j - 1) * dw), hi = Math.min(ow, ow - (j - 1) * dw);
            int d = (j * len + reach) * V;
            for (int row = 0; row < p; row += ow) {
                for (int x = 0; x < ow; x++) {
                    int at = (row + x) * V;
                    FloatVector v = x >= lo && x < hi ? FloatVector.fromArray(F, panels, centre + at) : zero;
                    v.intoArray(panels, d + at);
                }
            }
        }
    }

    /**
     * One tile over one image: input channels at {@code in[x0 ...]} and {@code in[x1 ...]} ({@code p} pixels each;
     * x1 = x0 repeats the first), tap t's step-0 dY vector at {@code panel[t0..t8]}. Adds to (or with {@code first},
     * sets) {@code c[ci + tap·ld]} for the first channel and {@code c[ci + twin + tap·ld]} for the second. One image
     * per call: a loop over several images around the pixel loop ran the tile at 0.49 of the FMA loop instead of 0.76
     * (32×32 maps, one thread), and on 8×8 maps one image per call still reaches 0.67.
     */
    static void tile(float[] in, int x0, int x1, int p, float[] panel, int t0, int t1, int t2, int t3, int t4, int t5,
                     int t6, int t7, int t8, float[] c, int ci, int ld, int twin, boolean first) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0, b8 = a0;
        for (int m = 0; m < p; m++) {
            FloatVector u = FloatVector.broadcast(F, in[x0 + m]);
            FloatVector w = FloatVector.broadcast(F, in[x1 + m]);
            int e = m * V;
            FloatVector v = FloatVector.fromArray(F, panel, t0 + e);
            a0 = v.fma(u, a0);
            b0 = v.fma(w, b0);
            v = FloatVector.fromArray(F, panel, t1 + e);
            a1 = v.fma(u, a1);
            b1 = v.fma(w, b1);
            v = FloatVector.fromArray(F, panel, t2 + e);
            a2 = v.fma(u, a2);
            b2 = v.fma(w, b2);
            v = FloatVector.fromArray(F, panel, t3 + e);
            a3 = v.fma(u, a3);
            b3 = v.fma(w, b3);
            v = FloatVector.fromArray(F, panel, t4 + e);
            a4 = v.fma(u, a4);
            b4 = v.fma(w, b4);
            v = FloatVector.fromArray(F, panel, t5 + e);
            a5 = v.fma(u, a5);
            b5 = v.fma(w, b5);
            v = FloatVector.fromArray(F, panel, t6 + e);
            a6 = v.fma(u, a6);
            b6 = v.fma(w, b6);
            v = FloatVector.fromArray(F, panel, t7 + e);
            a7 = v.fma(u, a7);
            b7 = v.fma(w, b7);
            v = FloatVector.fromArray(F, panel, t8 + e);
            a8 = v.fma(u, a8);
            b8 = v.fma(w, b8);
        }
        // Written out rather than in a helper taking vectors, which might not be inlined (vectors boxed).
        int r1 = ci + ld, r2 = r1 + ld, r3 = r2 + ld, r4 = r3 + ld, r5 = r4 + ld, r6 = r5 + ld, r7 = r6 + ld;
        int r8 = r7 + ld, s0 = ci + twin, s1 = r1 + twin, s2 = r2 + twin, s3 = r3 + twin, s4 = r4 + twin;
        int s5 = r5 + twin, s6 = r6 + twin, s7 = r7 + twin, s8 = r8 + twin;
        if (!first) {
            a0 = a0.add(FloatVector.fromArray(F, c, ci));
            a1 = a1.add(FloatVector.fromArray(F, c, r1));
            a2 = a2.add(FloatVector.fromArray(F, c, r2));
            a3 = a3.add(FloatVector.fromArray(F, c, r3));
            a4 = a4.add(FloatVector.fromArray(F, c, r4));
            a5 = a5.add(FloatVector.fromArray(F, c, r5));
            a6 = a6.add(FloatVector.fromArray(F, c, r6));
            a7 = a7.add(FloatVector.fromArray(F, c, r7));
            a8 = a8.add(FloatVector.fromArray(F, c, r8));
            b0 = b0.add(FloatVector.fromArray(F, c, s0));
            b1 = b1.add(FloatVector.fromArray(F, c, s1));
            b2 = b2.add(FloatVector.fromArray(F, c, s2));
            b3 = b3.add(FloatVector.fromArray(F, c, s3));
            b4 = b4.add(FloatVector.fromArray(F, c, s4));
            b5 = b5.add(FloatVector.fromArray(F, c, s5));
            b6 = b6.add(FloatVector.fromArray(F, c, s6));
            b7 = b7.add(FloatVector.fromArray(F, c, s7));
            b8 = b8.add(FloatVector.fromArray(F, c, s8));
        }
        a0.intoArray(c, ci);
        a1.intoArray(c, r1);
        a2.intoArray(c, r2);
        a3.intoArray(c, r3);
        a4.intoArray(c, r4);
        a5.intoArray(c, r5);
        a6.intoArray(c, r6);
        a7.intoArray(c, r7);
        a8.intoArray(c, r8);
        b0.intoArray(c, s0);
        b1.intoArray(c, s1);
        b2.intoArray(c, s2);
        b3.intoArray(c, s3);
        b4.intoArray(c, s4);
        b5.intoArray(c, s5);
        b6.intoArray(c, s6);
        b7.intoArray(c, s7);
        b8.intoArray(c, s8);
    }

    /**
     * {@code gradWeight[g·opg + o][c·9 + t] = Σ_chunk partials[chunk][g][c][t][o]}, the chunks added in order (so
     * the sum does not depend on which thread computed which chunk).
     */
    static void sumPartials(Conv2dShape s, float[] partials, int chunks, float[] gradWeight) {
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), size = partialSize(s);
        int cPad = channelsPadded(s);
        for (int g = 0; g < s.groups(); g++) {
            for (int o = 0; o < opg; o++) {
                int dst = (g * opg + o) * cpg * TAPS;
                for (int t = 0; t < cpg * TAPS; t++) {
                    int src = (g * cPad * TAPS + t) * opg + o;
                    float sum = partials[src];
                    for (int k = 1; k < chunks; k++) {
                        sum += partials[k * size + src];
                    }
                    gradWeight[dst + t] = sum;
                }
            }
        }
    }
}
