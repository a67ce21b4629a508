package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.F;
import static dev.jnn.kernel.GemmMicroKernel.MR;
import static dev.jnn.kernel.GemmMicroKernel.NR;
import static dev.jnn.kernel.GemmMicroKernel.V;

import jdk.incubator.vector.FloatVector;

/**
 * {@link Conv2dImplicit}'s tiles on AVX-512 read in place: each step's two B vectors come straight from the bordered
 * image through the tap offsets, so the column panels are never written and read back. On AVX2 this did not pay
 * (C2 spilled with 16 registers, see {@link Conv2dImplicit}); with 32 registers and eight-row tiles it does: ResNet's
 * 16-channel 32×32 layer 1.37× forward, 1.32× backward (input), ResNet-20 training 1.08× (alternating processes).
 */
final class Conv2dInPlaceTile {

    private Conv2dInPlaceTile() {}

    /**
     * Whether a block of {@code nc} pixels is computed here: on AVX-512 (eight-row tiles), with whole tiles only
     * (output channels a multiple of MR, pixels of NR), and full-vector row segments or the image laid out as
     * column planes.
     */
    static boolean suits(Conv2dImplicit.Plan plan, int nc) {
        Conv2dShape s = plan.s();
        return MR == 8 && s.outChannelsPerGroup() % MR == 0 && nc % NR == 0
                && (plan.planes() || Conv2dImplicit.segment(s.outW()) == V);
    }

    /**
     * Whether the image should be laid out as {@link ColumnPlanes} so that every block suits: stride 1, rows
     * that are not whole vectors (ResNet's 8×8 maps), whole tiles in every pixel block. The planes have no
     * border columns, so a vector of sixteen consecutive pixels spans two 8-pixel rows and is one contiguous load per
     * tap, where the bordered image needed its half-row segments packed into panels first.
     */
    static boolean readsPlanes(Conv2dShape s) {
        return MR == 8 && ColumnPlanes.apply(s) && Conv2dImplicit.segment(s.outW()) != V
                && s.outChannelsPerGroup() % MR == 0 && s.outPlane() % NR == 0;
    }

    /**
     * All tiles of pixels {@code [jc, jc+nc)} × depth {@code [pc, pc+kc)} of one image's output at
     * {@code out[outOff ...]}, whose weights start at {@code aBase} in the plan's packed weights.
     */
    static void tiles(Conv2dImplicit.Plan plan, float[] padded, int pc, int kc, int jc, int nc, int aBase,
                      boolean accumulate, float[] out, int outOff) {
        Conv2dShape s = plan.s();
        int ow = s.outW(), pw = plan.paddedW(), p = s.outPlane(), planes = plan.paddedSize();
        for (int jr = jc; jr < jc + nc; jr += NR) {
            // A pixel's corner: in the planes, the pixel itself (after the bordered area); else its bordered row.
            int corner0 = plan.planes() ? planes + jr : Conv2dImplicit.corner(jr, ow, pw);
            int corner1 = plan.planes() ? planes + jr + V : Conv2dImplicit.corner(jr + V, ow, pw);
            for (int ir = 0; ir < s.outChannelsPerGroup(); ir += MR) {
                tile(kc, plan.packedWeights(), aBase + ir * kc, padded, corner0, corner1, plan.taps(), pc,
                        accumulate, out, outOff + ir * p + jr, p);
            }
        }
    }

    /**
     * {@link GemmMicroKernel}'s eight-row tile with its two B vectors read straight from the bordered image, at
     * {@code corner0 + taps[pc + step]} and {@code corner1 + taps[pc + step]}, instead of from packed panels: the
     * same products in the same order (results are bit-identical), without writing and re-reading the columns.
     * Overwrites C, or adds to it with {@code accumulate}.
     */
    private static void tile(int kc, float[] pa, int ai, float[] padded, int corner0, int corner1,
                             int[] taps, int pc, boolean accumulate, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int step = 0; step < kc; step++) {
            int a = ai + step * MR, t = taps[pc + step];
            FloatVector b0 = FloatVector.fromArray(F, padded, corner0 + t);
            FloatVector b1 = FloatVector.fromArray(F, padded, corner1 + t);
            FloatVector av = FloatVector.broadcast(F, pa[a]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, pa[a + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, pa[a + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, pa[a + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, pa[a + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, pa[a + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(F, pa[a + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(F, pa[a + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        // Written out rather than in a helper taking vectors, which might not be inlined (vectors boxed).
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        if (accumulate) {
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
            c50 = c50.add(FloatVector.fromArray(F, c, r5));
            c51 = c51.add(FloatVector.fromArray(F, c, r5 + V));
            c60 = c60.add(FloatVector.fromArray(F, c, r6));
            c61 = c61.add(FloatVector.fromArray(F, c, r6 + V));
            c70 = c70.add(FloatVector.fromArray(F, c, r7));
            c71 = c71.add(FloatVector.fromArray(F, c, r7 + V));
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
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + V);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + V);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + V);
    }
}
