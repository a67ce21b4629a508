package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.F;
import static dev.jnn.kernel.GemmMicroKernel.V;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The weight gradient of a convolution, {@code dW[o][t] = Σ_images Σ_pixels dY[o][pixel]·col[t][pixel]}
 * (t: a tap (c, i, j) of the kernel), as dot products along the pixels read in place: V consecutive output pixels
 * of one row are V consecutive values of a dY row and of the border-zeroed input (as in {@link Conv2dImplicit}), so
 * neither the column matrix nor any packed copy of it is written. A register block of {@link #OB} output channels ×
 * {@link #TB} taps keeps eight vector accumulators over a group of images, then reduces their lanes once.
 *
 * <p>Applies where {@link Conv2dImplicit#applies} does and output planes have at least {@link #MIN_PIXELS} pixels.
 * The sums run in a fixed order (images of the group in turn,
 * pixels in order, lane-wise, then the lanes), so results do not depend on the thread count.
 */
final class Conv2dWeightGradient {

    private Conv2dWeightGradient() {}

    /**
     * Output channels × taps of a register block: 8 accumulators, 2 tap vectors and one dY vector. (4×3, with 16
     * vectors live, spilled on AVX2 and ran at half the speed.)
     */
    static final int OB = 4, TB = 2;
    /** Bordered images processed together: enough pixels between two lane reductions, while they stay in L2. */
    private static final int GROUP_FLOATS = 1 << 15;

    /**
     * Below this many output pixels per plane, the short pixel loops and the lane reductions cost more than im2col
     * and Gemm (CIFAR's 64-channel 8×8 maps measured about 1.3x slower this way, its 16×16 and 32×32 maps 1.5-2x
     * faster).
     */
    static final int MIN_PIXELS = 256;

    static boolean applies(Conv2dShape s) {
        return Conv2dImplicit.applies(s) && s.outPlane() >= MIN_PIXELS;
    }

    /** Images whose bordered copies {@link #accumulate} keeps at once, and so the scratch it needs per image. */
    static int imagesPerGroup(Conv2dImplicit.Plan plan) {
        return Math.max(1, GROUP_FLOATS / plan.paddedSize());
    }

    /**
     * Sets {@code dw[dwOff ...]} (layout {@code [O, cpg·kH·kW]}) to the weight gradient summed over images
     * {@code [n0, n1)}. {@code bordered} holds {@link #imagesPerGroup} bordered images of the plan's size; {@code corners}
     * is {@link #corners}.
     */
    static void accumulate(Conv2dImplicit.Plan plan, int[] corners, float[] input, float[] gradOutput, int n0, int n1,
                           float[] dw, int dwOff, float[] bordered) {
        Conv2dShape s = plan.s();
        int cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup(), k = plan.k();
        int inPlane = s.inPlane(), p = s.outPlane();
        int per = imagesPerGroup(plan), size = plan.paddedSize();
        for (int g = 0; g < s.groups(); g++) {
            int wOff = dwOff + g * opg * k;
            for (int a = n0; a < n1; a += per) {
                int b = Math.min(n1, a + per);
                for (int n = a; n < b; n++) {
                    Conv2dImplicit.border(s, input, (n * s.inChannels() + g * cpg) * inPlane, bordered, (n - a) * size,
                            plan.paddedH(), plan.paddedW());
                }
                int dyBase = (a * s.outChannels() + g * opg) * p;
                for (int ob = 0; ob < opg; ob += OB) {
                    for (int tb = 0; tb < k; tb += TB) {
                        block(plan.taps(), corners, bordered, size, gradOutput, dyBase, s.outChannels() * p, p,
                                b - a, ob, opg, tb, k, dw, wOff, a == n0);
                    }
                }
            }
        }
    }

    /** For each run of V output pixels, the offset of its first pixel's window corner in the bordered input. */
    static void corners(Conv2dImplicit.Plan plan, int[] corners) {
        int ow = plan.s().outW(), p = plan.s().outH() * ow;
        for (int q = 0, i = 0; q < p; q += V, i++) {
            corners[i] = (q / ow) * plan.paddedW() + q % ow;
        }
    }

    /**
     * One OB×TB block of dW over a group of {@code images} images; rows past {@code opg} and taps past {@code k} are
     * computed on a repeated valid row or tap and discarded. {@code first}: overwrite instead of add.
     */
    private static void block(int[] taps, int[] corners, float[] bordered, int size, float[] dy, int dyBase,
                              int dyImage, int p, int images, int ob, int opg, int tb, int k, float[] dw, int wOff,
                              boolean first) {
        int o1 = Math.min(ob + 1, opg - 1), o2 = Math.min(ob + 2, opg - 1), o3 = Math.min(ob + 3, opg - 1);
        int t0 = taps[tb], t1 = taps[Math.min(tb + 1, k - 1)];
        FloatVector a00 = FloatVector.zero(F), a01 = a00;
        FloatVector a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00;
        FloatVector a30 = a00, a31 = a00;
        for (int img = 0; img < images; img++) {
            int base = img * size;
            int r0 = dyBase + img * dyImage + ob * p, r1 = dyBase + img * dyImage + o1 * p;
            int r2 = dyBase + img * dyImage + o2 * p, r3 = dyBase + img * dyImage + o3 * p;
            for (int q = 0, i = 0; q < p; q += V, i++) {
                int c = base + corners[i];
                FloatVector c0 = FloatVector.fromArray(F, bordered, c + t0);
                FloatVector c1 = FloatVector.fromArray(F, bordered, c + t1);
                FloatVector d = FloatVector.fromArray(F, dy, r0 + q);
                a00 = d.fma(c0, a00);
                a01 = d.fma(c1, a01);
                d = FloatVector.fromArray(F, dy, r1 + q);
                a10 = d.fma(c0, a10);
                a11 = d.fma(c1, a11);
                d = FloatVector.fromArray(F, dy, r2 + q);
                a20 = d.fma(c0, a20);
                a21 = d.fma(c1, a21);
                d = FloatVector.fromArray(F, dy, r3 + q);
                a30 = d.fma(c0, a30);
                a31 = d.fma(c1, a31);
            }
        }
        int rows = Math.min(OB, opg - ob), cols = Math.min(TB, k - tb);
        store(dw, wOff + ob * k + tb, cols, first, a00, a01);
        if (rows > 1) {
            store(dw, wOff + (ob + 1) * k + tb, cols, first, a10, a11);
        }
        if (rows > 2) {
            store(dw, wOff + (ob + 2) * k + tb, cols, first, a20, a21);
        }
        if (rows > 3) {
            store(dw, wOff + (ob + 3) * k + tb, cols, first, a30, a31);
        }
    }

    private static void store(float[] dw, int at, int cols, boolean first, FloatVector x, FloatVector y) {
        float sx = Reduce.addLanes(x);
        dw[at] = first ? sx : dw[at] + sx;
        if (cols > 1) {
            float sy = Reduce.addLanes(y);
            dw[at + 1] = first ? sy : dw[at + 1] + sy;
        }
    }
}
