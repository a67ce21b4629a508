package dev.jnn.kernel;

import java.util.Arrays;

/**
 * Average pooling, parallel over the {@code batch·channels} planes. Same semantics (divisors) as
 * {@link AvgPool2dReference}.
 */
public final class AvgPool2dKernel {

    private AvgPool2dKernel() {}

    public static void forward(Pool2dShape s, float[] input, float[] output, boolean countIncludePad) {
        s.checkLength("avgpool2d forward", "input", input, s.inputSize());
        s.checkLength("avgpool2d forward", "output", output, s.outputSize());
        if (s.isHalving()) {
            s.forEachPlane(4L * s.outH() * s.outW(), p -> forwardHalving(s, input, output, p));
        } else {
            s.forEachPlane((long) s.outH() * s.outW() * s.kernelH() * s.kernelW(),
                    p -> forwardPlane(s, input, output, countIncludePad, p));
        }
    }

    private static void forwardPlane(Pool2dShape s, float[] in, float[] out, boolean countIncludePad, int p) {
        int ih = s.inH(), iw = s.inW(), oh = s.outH(), ow = s.outW();
        int inBase = p * ih * iw;
        int outBase = p * oh * ow;
        for (int y = 0; y < oh; y++) {
            int y0 = y * s.strideH() - s.padH();
            int yLo = Math.max(y0, 0), yHi = Math.min(y0 + s.kernelH(), ih);
            int yPad = Math.min(y0 + s.kernelH(), ih + s.padH()) - y0;
            for (int x = 0; x < ow; x++) {
                int x0 = x * s.strideW() - s.padW();
                int xLo = Math.max(x0, 0), xHi = Math.min(x0 + s.kernelW(), iw);
                float sum = 0f;
                for (int iy = yLo; iy < yHi; iy++) {
                    int row = inBase + iy * iw;
                    for (int ix = xLo; ix < xHi; ix++) {
                        sum += in[row + ix];
                    }
                }
                int divisor = countIncludePad ? yPad * (Math.min(x0 + s.kernelW(), iw + s.padW()) - x0)
                        : (yHi - yLo) * (xHi - xLo);
                out[outBase + y * ow + x] = sum / divisor;
            }
        }
    }

    /**
     * The common 2×2, stride-2, unpadded case (LeNet, VGG): each window is whole, so the divisor is 4 either way, and
     * the sum is taken in the same row-major order as the general loop ({@code x / 4 == x · 0.25} exactly).
     */
    private static void forwardHalving(Pool2dShape s, float[] in, float[] out, int p) {
        int iw = s.inW(), oh = s.outH(), ow = s.outW();
        int inBase = p * s.inH() * iw;
        int outBase = p * oh * ow;
        for (int y = 0; y < oh; y++) {
            int r0 = inBase + 2 * y * iw, r1 = r0 + iw, o = outBase + y * ow;
            for (int x = 0; x < ow; x++) {
                out[o + x] = (in[r0 + 2 * x] + in[r0 + 2 * x + 1] + in[r1 + 2 * x] + in[r1 + 2 * x + 1]) * 0.25f;
            }
        }
    }

    /** Backward of {@link #forwardHalving}: a quarter of each output gradient to its four inputs, 0 to the rest. */
    private static void backwardHalving(Pool2dShape s, float[] gOut, float[] gIn, int p) {
        int ih = s.inH(), iw = s.inW(), oh = s.outH(), ow = s.outW();
        int inBase = p * ih * iw;
        int outBase = p * oh * ow;
        for (int y = 0; y < oh; y++) {
            int r0 = inBase + 2 * y * iw, r1 = r0 + iw, o = outBase + y * ow;
            for (int x = 0; x < ow; x++) {
                float g = gOut[o + x] * 0.25f;
                gIn[r0 + 2 * x] = g;
                gIn[r0 + 2 * x + 1] = g;
                gIn[r1 + 2 * x] = g;
                gIn[r1 + 2 * x + 1] = g;
            }
            if (iw % 2 != 0) {
                gIn[r0 + iw - 1] = 0f;
                gIn[r1 + iw - 1] = 0f;
            }
        }
        if (ih % 2 != 0) {
            Arrays.fill(gIn, inBase + (ih - 1) * iw, inBase + ih * iw, 0f);
        }
    }

    /** Spreads each output gradient over its window, divided by the forward divisor; overwrites gradInput. */
    public static void backward(Pool2dShape s, float[] gradOutput, float[] gradInput, boolean countIncludePad) {
        s.checkLength("avgpool2d backward", "gradOutput", gradOutput, s.outputSize());
        s.checkLength("avgpool2d backward", "gradInput", gradInput, s.inputSize());
        if (s.isHalving()) {
            s.forEachPlane(4L * s.outH() * s.outW(), p -> backwardHalving(s, gradOutput, gradInput, p));
        } else {
            s.forEachPlane((long) s.outH() * s.outW() * s.kernelH() * s.kernelW(),
                    p -> backwardPlane(s, gradOutput, gradInput, countIncludePad, p));
        }
    }

    private static void backwardPlane(Pool2dShape s, float[] gOut, float[] gIn, boolean countIncludePad, int p) {
        int ih = s.inH(), iw = s.inW(), oh = s.outH(), ow = s.outW();
        int inBase = p * ih * iw;
        int outBase = p * oh * ow;
        Arrays.fill(gIn, inBase, inBase + ih * iw, 0f);
        for (int y = 0; y < oh; y++) {
            int y0 = y * s.strideH() - s.padH();
            int yLo = Math.max(y0, 0), yHi = Math.min(y0 + s.kernelH(), ih);
            int yPad = Math.min(y0 + s.kernelH(), ih + s.padH()) - y0;
            for (int x = 0; x < ow; x++) {
                int x0 = x * s.strideW() - s.padW();
                int xLo = Math.max(x0, 0), xHi = Math.min(x0 + s.kernelW(), iw);
                int divisor = countIncludePad ? yPad * (Math.min(x0 + s.kernelW(), iw + s.padW()) - x0)
                        : (yHi - yLo) * (xHi - xLo);
                float g = gOut[outBase + y * ow + x] / divisor;
                for (int iy = yLo; iy < yHi; iy++) {
                    int row = inBase + iy * iw;
                    for (int ix = xLo; ix < xHi; ix++) {
                        gIn[row + ix] += g;
                    }
                }
            }
        }
    }
}
