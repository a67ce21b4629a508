package dev.jnn.kernel;

/**
 * Plain max pooling, the definition {@link MaxPool2dKernel} is tested against. Padding counts as −∞ (it never wins);
 * ties keep the first element in row-major window order; a NaN in the window propagates, as in PyTorch.
 * {@code argmax[k]} is the flat index into {@code input} (batch and channel included) of output {@code k}'s maximum.
 */
public final class MaxPool2dReference {

    private MaxPool2dReference() {}

    public static void forward(Pool2dShape s, float[] input, float[] output, int[] argmax) {
        s.checkLength("maxpool2d forward", "input", input, s.inputSize());
        s.checkLength("maxpool2d forward", "output", output, s.outputSize());
        if (argmax != null) {
            s.checkLength("maxpool2d forward", "argmax", argmax, s.outputSize());
        }
        int oh = s.outH(), ow = s.outW();
        for (int p = 0; p < s.batch() * s.channels(); p++) {
            int inBase = p * s.inH() * s.inW();
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    float max = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int i = 0; i < s.kernelH(); i++) {
                        int iy = y * s.strideH() - s.padH() + i;
                        for (int j = 0; j < s.kernelW(); j++) {
                            int ix = x * s.strideW() - s.padW() + j;
                            if (iy < 0 || iy >= s.inH() || ix < 0 || ix >= s.inW()) {
                                continue;
                            }
                            int idx = inBase + iy * s.inW() + ix;
                            float v = input[idx];
                            if (at < 0 || v > max || Float.isNaN(v)) {
                                max = v;
                                at = idx;
                            }
                        }
                    }
                    int o = (p * oh + y) * ow + x;
                    output[o] = max;
                    if (argmax != null) {
                        argmax[o] = at;
                    }
                }
            }
        }
    }

    /** Routes each output gradient to the input element that was the maximum; overwrites gradInput. */
    public static void backward(Pool2dShape s, float[] gradOutput, int[] argmax, float[] gradInput) {
        s.checkLength("maxpool2d backward", "gradOutput", gradOutput, s.outputSize());
        s.checkLength("maxpool2d backward", "argmax", argmax, s.outputSize());
        s.checkLength("maxpool2d backward", "gradInput", gradInput, s.inputSize());
        java.util.Arrays.fill(gradInput, 0, s.inputSize(), 0f);
        for (int o = 0; o < s.outputSize(); o++) {
            gradInput[argmax[o]] += gradOutput[o];
        }
    }
}
