package dev.jnn.kernel;

import java.util.Arrays;

/**
 * im2col straight into {@link ConvGemm}'s B-panel layout: the columns (output pixels) {@code [p0, p0+count)} of one
 * image's column matrix for {@code channels} input channels, written as panels of NR pixels, {@code dst[t·K·NR +
 * k·NR + j]} holding row {@code k = (c, i, j)} of pixel {@code p0 + t·NR + j}. Padding and the tail of the last panel
 * are zero.
 */
final class ConvPack {

    private ConvPack() {}

    static void packB(Conv2dShape s, float[] input, int inOff, int channels, int p0, int count, float[] dst) {
        final int nr = ConvGemm.NR;
        int ih = s.inH(), iw = s.inW(), ow = s.outW();
        int kh = s.kernelH(), kw = s.kernelW(), sh = s.strideH(), sw = s.strideW();
        int kTotal = channels * kh * kw;
        int panelStride = kTotal * nr;
        int pEnd = p0 + count;
        int k = 0;
        for (int c = 0; c < channels; c++) {
            int plane = inOff + c * ih * iw;
            for (int i = 0; i < kh; i++) {
                int iyOff = i * s.dilationH() - s.padH();
                for (int j = 0; j < kw; j++, k++) {
                    int xOff = j * s.dilationW() - s.padW();
                    int xLo = Im2col.firstInside(xOff, sw, iw, ow);
                    int xHi = Im2col.lastInsideExclusive(xOff, sw, iw, ow);
                    int y = p0 / ow, x = p0 % ow;
                    int d = k * nr;
                    int slot = 0;
                    for (int p = p0; p < pEnd; ) {
                        int run = Math.min(Math.min(ow - x, nr - slot), pEnd - p);
                        int iy = y * sh + iyOff;
                        if (iy < 0 || iy >= ih) {
                            Arrays.fill(dst, d + slot, d + slot + run, 0f);
                        } else {
                            int src = plane + iy * iw + xOff;
                            int a = Math.min(Math.max(xLo, x), x + run);
                            int b = Math.max(Math.min(xHi, x + run), a);
                            int o = d + slot - x;
                            Arrays.fill(dst, o + x, o + a, 0f);
                            if (b <= a) {
                                b = a;
                            } else if (sw == 1) {
                                System.arraycopy(input, src + a, dst, o + a, b - a);
                            } else {
                                for (int xx = a; xx < b; xx++) {
                                    dst[o + xx] = input[src + xx * sw];
                                }
                            }
                            Arrays.fill(dst, o + b, o + x + run, 0f);
                        }
                        p += run;
                        x += run;
                        if (x == ow) {
                            x = 0;
                            y++;
                        }
                        slot += run;
                        if (slot == nr) {
                            slot = 0;
                            d += panelStride;
                        }
                    }
                    if (slot > 0) {
                        Arrays.fill(dst, d + slot, d + nr, 0f);
                    }
                }
            }
        }
    }
}
