package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.F;
import static dev.jnn.kernel.GemmMicroKernel.V;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Unfolds one image's group of input channels into the column matrix of a convolution and folds it back.
 *
 * <p>The column matrix has {@code cpg·kernelH·kernelW} rows (input channel, kernel row, kernel column) and
 * {@code outH·outW} columns (output pixels); entries that fall into the padding are zero.
 */
final class Im2col {

    private Im2col() {}

    /** Fills {@code col} from {@code channels} channels of {@code input} starting at {@code inOff}. */
    static void im2col(Conv2dShape s, float[] input, int inOff, int channels, float[] col) {
        int ih = s.inH(), iw = s.inW(), oh = s.outH(), ow = s.outW();
        int kh = s.kernelH(), kw = s.kernelW();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = inOff + c * ih * iw;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, row++) {
                    int dst = row * oh * ow;
                    int xOff = j * s.dilationW() - s.padW();
                    int xLo = firstInside(xOff, s.strideW(), iw, ow);
                    int xHi = lastInsideExclusive(xOff, s.strideW(), iw, ow);
                    for (int y = 0; y < oh; y++, dst += ow) {
                        int iy = y * s.strideH() - s.padH() + i * s.dilationH();
                        if (iy < 0 || iy >= ih || xLo >= xHi) {
                            java.util.Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        // The padding columns are one or two values per row: plain stores, not fill calls.
                        for (int x = 0; x < xLo; x++) {
                            col[dst + x] = 0f;
                        }
                        int src = plane + iy * iw + xOff;
                        if (s.strideW() == 1) {
                            System.arraycopy(input, src + xLo, col, dst + xLo, xHi - xLo);
                        } else {
                            for (int x = xLo; x < xHi; x++) {
                                col[dst + x] = input[src + x * s.strideW()];
                            }
                        }
                        for (int x = xHi; x < ow; x++) {
                            col[dst + x] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Adds the columns of {@code col} back onto the {@code cpg} channels of {@code grad} starting at {@code off}. */
    static void col2imAdd(Conv2dShape s, float[] col, float[] grad, int off) {
        int ih = s.inH(), iw = s.inW(), oh = s.outH(), ow = s.outW();
        int kh = s.kernelH(), kw = s.kernelW();
        int row = 0;
        for (int c = 0; c < s.inChannelsPerGroup(); c++) {
            int plane = off + c * ih * iw;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, row++) {
                    int src = row * oh * ow;
                    int xOff = j * s.dilationW() - s.padW();
                    int xLo = firstInside(xOff, s.strideW(), iw, ow);
                    int xHi = lastInsideExclusive(xOff, s.strideW(), iw, ow);
                    for (int y = 0; y < oh; y++, src += ow) {
                        int iy = y * s.strideH() - s.padH() + i * s.dilationH();
                        if (iy < 0 || iy >= ih) {
                            continue;
                        }
                        int dst = plane + iy * iw + xOff;
                        if (s.strideW() == 2) {
                            addRowStride2(col, src, grad, dst, xLo, xHi, plane + ih * iw);
                            continue;
                        }
                        for (int x = xLo; x < xHi; x++) {
                            grad[dst + x * s.strideW()] += col[src + x];
                        }
                    }
                }
            }
        }
    }

    // Built from the lane count, not spelled out: the species is 8 lanes on AVX2 and 16 on AVX-512.
    private static final VectorShuffle<Float> LOW = VectorShuffle.fromOp(F, lane -> lane / 2);
    private static final VectorShuffle<Float> HIGH = VectorShuffle.fromOp(F, lane -> (lane + V) / 2);
    private static final VectorMask<Float> EVEN = VectorMask.fromLong(F, 0x5555_5555_5555_5555L);

    /**
     * {@code grad[dst + 2x] += col[src + x]} for x in [xLo, xHi): V column values spread over the even lanes of two
     * grad vectors, whose odd lanes are left as they are (scalar, col2im was a third of ResNet's stride-2 input
     * gradients). A vector never reaches {@code limit}, the end of this image's channel plane, so that it never
     * writes back a value another thread may be writing.
     */
    private static void addRowStride2(float[] col, int src, float[] grad, int dst, int xLo, int xHi, int limit) {
        int x = xLo;
        for (; x + V <= xHi && dst + 2 * (x + V) <= limit; x += V) {
            FloatVector c = FloatVector.fromArray(F, col, src + x);
            int d = dst + 2 * x;
            FloatVector.fromArray(F, grad, d).add(c.rearrange(LOW), EVEN).intoArray(grad, d);
            FloatVector.fromArray(F, grad, d + V).add(c.rearrange(HIGH), EVEN).intoArray(grad, d + V);
        }
        if (x < xHi && dst + 2 * (x + V) <= limit) {
            // The last (fewer than V) values, masked: a row shifted by the padding starts one value in.
            FloatVector c = FloatVector.fromArray(F, col, src + x, F.indexInRange(x, xHi));
            int d = dst + 2 * x, live = 2 * (xHi - x);
            FloatVector.fromArray(F, grad, d).add(c.rearrange(LOW), EVEN.and(F.indexInRange(0, live)))
                    .intoArray(grad, d);
            FloatVector.fromArray(F, grad, d + V).add(c.rearrange(HIGH), EVEN.and(F.indexInRange(V, live)))
                    .intoArray(grad, d + V);
            return;
        }
        for (; x < xHi; x++) {
            grad[dst + 2 * x] += col[src + x];
        }
    }

    /** Smallest output x with {@code 0 <= xOff + x·stride}, clamped to [0, ow]. */
    static int firstInside(int xOff, int stride, int in, int ow) {
        if (xOff >= 0) {
            return 0;
        }
        return Math.min(ow, (-xOff + stride - 1) / stride);
    }

    /** One past the largest output x with {@code xOff + x·stride < in}, clamped to [0, ow]. */
    static int lastInsideExclusive(int xOff, int stride, int in, int ow) {
        if (xOff >= in) {
            return 0;
        }
        return Math.min(ow, (in - 1 - xOff) / stride + 1);
    }
}
