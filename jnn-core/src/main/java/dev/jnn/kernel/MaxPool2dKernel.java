package dev.jnn.kernel;

import java.util.Arrays;

/**
 * Max pooling, parallel over the {@code batch·channels} planes. Same semantics as {@link MaxPool2dReference}:
 * padding is −∞, ties keep the first element in row-major window order, NaN propagates, and {@code argmax[k]} is the
 * flat index into {@code input} of output {@code k}'s maximum (what {@link #backward} consumes).
 */
public final class MaxPool2dKernel {

    private MaxPool2dKernel() {}

    /** Writes the window maxima to {@code output} and, when {@code argmax} is not null, where they came from. */
    public static void forward(Pool2dShape s, float[] input, float[] output, int[] argmax) {
        s.checkLength("maxpool2d forward", "input", input, s.inputSize());
        s.checkLength("maxpool2d forward", "output", output, s.outputSize());
        if (argmax != null) {
            s.checkLength("maxpool2d forward", "argmax", argmax, s.outputSize());
        }
        if (s.isHalving()) {
            s.forEachPlane(4L * s.outH() * s.outW(), p -> forwardHalving(s, input, output, argmax, p));
        } else {
            s.forEachPlane((long) s.outH() * s.outW() * s.kernelH() * s.kernelW(),
                    p -> forwardPlane(s, input, output, argmax, p));
        }
    }

    private static void forwardPlane(Pool2dShape s, float[] in, float[] out, int[] argmax, int p) {
        int ih = s.inH(), iw = s.inW(), oh = s.outH(), ow = s.outW();
        int inBase = p * ih * iw;
        int outBase = p * oh * ow;
        for (int y = 0; y < oh; y++) {
            int y0 = y * s.strideH() - s.padH();
            int yLo = Math.max(y0, 0), yHi = Math.min(y0 + s.kernelH(), ih);
            for (int x = 0; x < ow; x++) {
                int x0 = x * s.strideW() - s.padW();
                int xLo = Math.max(x0, 0), xHi = Math.min(x0 + s.kernelW(), iw);
                int at = inBase + yLo * iw + xLo;
                float max = in[at];
                for (int iy = yLo; iy < yHi; iy++) {
                    int row = inBase + iy * iw;
                    for (int ix = xLo; ix < xHi; ix++) {
                        float v = in[row + ix];
                        // v != v is NaN: a NaN wins and propagates, as in PyTorch.
                        if (v > max || v != v) {
                            max = v;
                            at = row + ix;
                        }
                    }
                }
                out[outBase + y * ow + x] = max;
                if (argmax != null) {
                    argmax[outBase + y * ow + x] = at;
                }
            }
        }
    }

    /** The common 2×2, stride-2, unpadded case, visiting each window in the general loop's order. */
    private static void forwardHalving(Pool2dShape s, float[] in, float[] out, int[] argmax, int p) {
        int iw = s.inW(), oh = s.outH(), ow = s.outW();
        int inBase = p * s.inH() * iw;
        int outBase = p * oh * ow;
        for (int y = 0; y < oh; y++) {
            int r0 = inBase + 2 * y * iw, o = outBase + y * ow;
            for (int x = 0; x < ow; x++) {
                int at = r0 + 2 * x;
                float max = in[at];
                // v != v is NaN: a NaN wins and propagates, as in PyTorch.
                for (int q = 1; q < 4; q++) {
                    int i = r0 + 2 * x + (q >> 1) * iw + (q & 1);
                    float v = in[i];
                    if (v > max || v != v) {
                        max = v;
                        at = i;
                    }
                }
                out[o + x] = max;
                if (argmax != null) {
                    argmax[o + x] = at;
                }
            }
        }
    }

    /** Routes each output gradient to its maximum's input element (summing where windows overlap). */
    public static void backward(Pool2dShape s, float[] gradOutput, int[] argmax, float[] gradInput) {
        s.checkLength("maxpool2d backward", "gradOutput", gradOutput, s.outputSize());
        s.checkLength("maxpool2d backward", "argmax", argmax, s.outputSize());
        s.checkLength("maxpool2d backward", "gradInput", gradInput, s.inputSize());
        int planes = s.batch() * s.channels();
        int inPlane = s.inH() * s.inW(), outPlane = s.outH() * s.outW();
        // Each plane's argmax points into that plane only, so planes can be processed in parallel without races.
        Parallel.forRange(planes, Math.max(1, 32_768 / Math.max(1, inPlane + outPlane)), (from, to) -> {
            Arrays.fill(gradInput, from * inPlane, to * inPlane, 0f);
            for (int o = from * outPlane; o < to * outPlane; o++) {
                int at = argmax[o];
                if (at < from * inPlane || at >= to * inPlane) {
                    throw new IllegalArgumentException("maxpool2d backward: argmax[" + o + "] = " + at
                            + " is outside its input plane; pass the argmax filled by forward for " + s);
                }
                gradInput[at] += gradOutput[o];
            }
        });
    }
}
