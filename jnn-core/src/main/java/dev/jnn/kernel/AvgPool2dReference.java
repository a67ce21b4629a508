package dev.jnn.kernel;

/**
 * Plain average pooling, the definition {@link AvgPool2dKernel} is tested against. The divisor follows PyTorch: with
 * {@code countIncludePad} it is the window clipped to the padded input (padding counts, the overhang of a ceil-mode
 * window past the padding does not); without it, the number of real input elements in the window.
 */
public final class AvgPool2dReference {

    private AvgPool2dReference() {}

    public static void forward(Pool2dShape s, float[] input, float[] output, boolean countIncludePad) {
        s.checkLength("avgpool2d forward", "input", input, s.inputSize());
        s.checkLength("avgpool2d forward", "output", output, s.outputSize());
        int oh = s.outH(), ow = s.outW();
        for (int p = 0; p < s.batch() * s.channels(); p++) {
            int inBase = p * s.inH() * s.inW();
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double sum = 0;
                    int count = 0;
                    for (int i = 0; i < s.kernelH(); i++) {
                        int iy = y * s.strideH() - s.padH() + i;
                        for (int j = 0; j < s.kernelW(); j++) {
                            int ix = x * s.strideW() - s.padW() + j;
                            if (iy >= 0 && iy < s.inH() && ix >= 0 && ix < s.inW()) {
                                sum += input[inBase + iy * s.inW() + ix];
                                count++;
                            }
                        }
                    }
                    int divisor = countIncludePad ? paddedWindow(s, y, x) : count;
                    output[(p * oh + y) * ow + x] = (float) (sum / divisor);
                }
            }
        }
    }

    /** Spreads each output gradient evenly (by the same divisor) over its window; overwrites gradInput. */
    public static void backward(Pool2dShape s, float[] gradOutput, float[] gradInput, boolean countIncludePad) {
        s.checkLength("avgpool2d backward", "gradOutput", gradOutput, s.outputSize());
        s.checkLength("avgpool2d backward", "gradInput", gradInput, s.inputSize());
        int oh = s.outH(), ow = s.outW();
        double[] acc = new double[s.inputSize()];
        for (int p = 0; p < s.batch() * s.channels(); p++) {
            int inBase = p * s.inH() * s.inW();
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int count = 0;
                    for (int i = 0; i < s.kernelH(); i++) {
                        int iy = y * s.strideH() - s.padH() + i;
                        for (int j = 0; j < s.kernelW(); j++) {
                            int ix = x * s.strideW() - s.padW() + j;
                            if (iy >= 0 && iy < s.inH() && ix >= 0 && ix < s.inW()) {
                                count++;
                            }
                        }
                    }
                    int divisor = countIncludePad ? paddedWindow(s, y, x) : count;
                    double g = gradOutput[(p * oh + y) * ow + x] / (double) divisor;
                    for (int i = 0; i < s.kernelH(); i++) {
                        int iy = y * s.strideH() - s.padH() + i;
                        for (int j = 0; j < s.kernelW(); j++) {
                            int ix = x * s.strideW() - s.padW() + j;
                            if (iy >= 0 && iy < s.inH() && ix >= 0 && ix < s.inW()) {
                                acc[inBase + iy * s.inW() + ix] += g;
                            }
                        }
                    }
                }
            }
        }
        for (int k = 0; k < acc.length; k++) {
            gradInput[k] = (float) acc[k];
        }
    }

    /** Size of window (y, x) clipped to the padded input: the count-include-pad divisor. */
    static int paddedWindow(Pool2dShape s, int y, int x) {
        int y0 = y * s.strideH() - s.padH();
        int x0 = x * s.strideW() - s.padW();
        int y1 = Math.min(y0 + s.kernelH(), s.inH() + s.padH());
        int x1 = Math.min(x0 + s.kernelW(), s.inW() + s.padW());
        return (y1 - y0) * (x1 - x0);
    }
}
