package dev.jnn.kernel;

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
                        for (int x = xLo; x < xHi; x++) {
                            grad[dst + x * s.strideW()] += col[src + x];
                        }
                    }
                }
            }
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
