package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.F;
import static dev.jnn.kernel.GemmMicroKernel.V;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * An image's column values laid out for a stride-1 convolution's weight gradient without border columns: per input
 * channel c and kernel column j, a plane of {@code paddedH × outW} whose row y holds the zero-padded input's row y
 * from column {@code j·dilation}. The column value of tap (c, i, j) at output pixel q (row-major, pitch outW) is then
 * {@code plane(c, j)[q + i·dilation·outW]}: every output pixel of an image, rows included, is one flat run of offsets,
 * where the bordered image (pitch {@code paddedW}) needs {@code paddedW − outW} columns per row that produce nothing
 * (20 % of the work on 8×8 maps).
 */
final class ColumnPlanes {

    /** Half a vector: one row of an 8-pixel-wide map on AVX-512. */
    private static final VectorSpecies<Float> HALF = F.withShape(VectorShape.forBitSize(F.vectorBitSize() / 2));

    private ColumnPlanes() {}

    /** Whether the planes describe the shape's columns: stride 1, so a plane row is an output row. */
    static boolean apply(Conv2dShape s) {
        return s.strideH() == 1 && s.strideW() == 1;
    }

    /** Floats of one image's planes: {@code cpg · kW} planes of {@code paddedH × outW}. */
    static int size(Conv2dImplicit.Plan plan) {
        Conv2dShape s = plan.s();
        return s.inChannelsPerGroup() * s.kernelW() * plan.paddedH() * s.outW();
    }

    /**
     * Builds the planes of the group's {@code cpg} channels at {@code input[inOff ...]} into {@code scratch[at ...]},
     * through the bordered image at {@code scratch[0 ...]} ({@code plan.paddedSize()} floats, overwritten).
     */
    static void build(Conv2dImplicit.Plan plan, float[] input, int inOff, float[] scratch, int at) {
        Conv2dShape s = plan.s();
        if (s.outH() == s.inH() && s.outW() == s.inW()) {
            buildSame(plan, input, inOff, scratch, at);
            return;
        }
        int ph = plan.paddedH(), pw = plan.paddedW(), ow = s.outW();
        Conv2dImplicit.border(s, input, inOff, scratch, 0, ph, pw);
        for (int c = 0; c < s.inChannelsPerGroup(); c++) {
            for (int j = 0; j < s.kernelW(); j++) {
                int src = c * ph * pw + j * s.dilationW(), dst = at + (c * s.kernelW() + j) * ph * ow;
                if (ow % V == 0) {
                    copyRows(scratch, src, pw, dst, ow, ph);
                } else {
                    for (int y = 0; y < ph; y++) {
                        System.arraycopy(scratch, src + y * pw, scratch, dst + y * ow, ow);
                    }
                }
            }
        }
    }

    /**
     * The planes of a "same" convolution (output as large as the input): plane (c, j) is channel c shifted by
     * {@code j·dilation − padW} values, one arraycopy per plane, with the columns shifted in from a neighbouring
     * row zeroed and zero rows above and below. Copying through the bordered image instead (a copy per row, twice)
     * cost as much as the border columns it saves.
     */
    private static void buildSame(Conv2dImplicit.Plan plan, float[] input, int inOff, float[] scratch, int at) {
        Conv2dShape s = plan.s();
        int ih = s.inH(), iw = s.inW(), ph = plan.paddedH(), top = s.padH(), plane = ih * iw;
        if (iw == HALF.length() && s.padW() < iw && (s.kernelW() - 1) * s.dilationW() - s.padW() < iw) {
            buildHalfRows(plan, input, inOff, scratch, at);
            return;
        }
        for (int c = 0; c < s.inChannelsPerGroup(); c++) {
            for (int j = 0; j < s.kernelW(); j++) {
                int shift = j * s.dilationW() - s.padW(), dst = at + (c * s.kernelW() + j) * ph * iw;
                int from = inOff + c * plane, lo = Math.max(0, -shift), hi = Math.min(plane, plane - shift);
                java.util.Arrays.fill(scratch, dst, dst + top * iw, 0f);
                if (hi > lo) {
                    System.arraycopy(input, from + lo + shift, scratch, dst + top * iw + lo, hi - lo);
                }
                java.util.Arrays.fill(scratch, dst + (top + ih) * iw, dst + ph * iw, 0f);
                int x0 = shift < 0 ? 0 : Math.max(0, iw - shift), x1 = shift < 0 ? Math.min(iw, -shift) : iw;
                for (int y = 0, row = dst + top * iw; y < ih; y++, row += iw) {
                    for (int x = x0; x < x1; x++) {
                        scratch[row + x] = 0f;
                    }
                }
            }
        }
    }

    /**
     * {@link #buildSame} for rows of half a vector (ResNet's 8×8 maps on AVX-512): each plane row is the input row
     * shifted by {@code j·dilation − padW} lanes with zeros shifted in, one half-vector load, shift and store per row
     * and plane. The arraycopy per plane and the scalar zeroing of its wrapped column took 13 % of the 8×8 layer's
     * forward time.
     */
    private static void buildHalfRows(Conv2dImplicit.Plan plan, float[] input, int inOff, float[] scratch, int at) {
        Conv2dShape s = plan.s();
        int ih = s.inH(), iw = s.inW(), ph = plan.paddedH(), top = s.padH(), kw = s.kernelW();
        FloatVector zero = FloatVector.zero(HALF);
        for (int c = 0; c < s.inChannelsPerGroup(); c++) {
            int src = inOff + c * ih * iw;
            for (int j = 0; j < kw; j++) {
                int shift = j * s.dilationW() - s.padW(), dst = at + (c * kw + j) * ph * iw;
                for (int y = 0; y < top; y++) {
                    zero.intoArray(scratch, dst + y * iw);
                }
                for (int y = 0; y < ih; y++) {
                    FloatVector row = FloatVector.fromArray(HALF, input, src + y * iw);
                    row = shift < 0 ? row.unslice(-shift) : shift > 0 ? row.slice(shift) : row;
                    row.intoArray(scratch, dst + (top + y) * iw);
                }
                for (int y = top + ih; y < ph; y++) {
                    zero.intoArray(scratch, dst + y * iw);
                }
            }
        }
    }

    /**
     * {@code rows} rows of {@code width} (a multiple of V) from pitch {@code from} to pitch {@code width}, by vectors:
     * an arraycopy call per 8-value row cost as much as the border columns the planes save.
     */
    private static void copyRows(float[] a, int src, int from, int dst, int width, int rows) {
        for (int y = 0; y < rows; y++, src += from, dst += width) {
            for (int x = 0; x < width; x += V) {
                FloatVector.fromArray(F, a, src + x).intoArray(a, dst + x);
            }
        }
    }

    /** Writes the offset of tap (c, i, j) (row-major taps) within an image's planes to {@code into[from + t]}. */
    static void taps(Conv2dImplicit.Plan plan, int[] into, int from) {
        Conv2dShape s = plan.s();
        int t = from, ow = s.outW(), ph = plan.paddedH();
        for (int c = 0; c < s.inChannelsPerGroup(); c++) {
            for (int i = 0; i < s.kernelH(); i++) {
                for (int j = 0; j < s.kernelW(); j++) {
                    into[t++] = ((c * s.kernelW() + j) * ph + i * s.dilationH()) * ow;
                }
            }
        }
    }
}
