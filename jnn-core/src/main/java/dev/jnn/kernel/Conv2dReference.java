package dev.jnn.kernel;

/**
 * Plain direct-loop 2-D convolution: the definition the fast {@link Conv2dKernel} is tested against. Accumulates in
 * double so that it is a sharper yardstick than the float kernel. Shapes as in {@link Conv2dShape}.
 */
public final class Conv2dReference {

    private Conv2dReference() {}

    /** {@code output[n,o,y,x] = bias[o] + Σ_{c,i,j} input[n, g·cpg+c, y·sh−ph+i·dh, x·sw−pw+j·dw] · weight[o,c,i,j]}. */
    public static void forward(Conv2dShape s, float[] input, float[] weight, float[] bias, float[] output) {
        s.check("forward", input, s.inputSize(), "input", weight, bias, output, s.outputSize(), "output");
        int oh = s.outH(), ow = s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        for (int n = 0; n < s.batch(); n++) {
            for (int o = 0; o < s.outChannels(); o++) {
                int g = o / opg;
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double sum = bias == null ? 0 : bias[o];
                        for (int c = 0; c < cpg; c++) {
                            int ci = g * cpg + c;
                            for (int i = 0; i < s.kernelH(); i++) {
                                int iy = y * s.strideH() - s.padH() + i * s.dilationH();
                                if (iy < 0 || iy >= s.inH()) {
                                    continue;
                                }
                                for (int j = 0; j < s.kernelW(); j++) {
                                    int ix = x * s.strideW() - s.padW() + j * s.dilationW();
                                    if (ix < 0 || ix >= s.inW()) {
                                        continue;
                                    }
                                    sum += (double) input[inIndex(s, n, ci, iy, ix)] * weight[wIndex(s, o, c, i, j)];
                                }
                            }
                        }
                        output[((n * s.outChannels() + o) * oh + y) * ow + x] = (float) sum;
                    }
                }
            }
        }
    }

    /** {@code gradInput = ∂L/∂input} given {@code gradOutput = ∂L/∂output}; overwrites gradInput. */
    public static void backwardInput(Conv2dShape s, float[] gradOutput, float[] weight, float[] gradInput) {
        s.check("backwardInput", gradOutput, s.outputSize(), "gradOutput", weight, null, gradInput, s.inputSize(),
                "gradInput");
        int oh = s.outH(), ow = s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        double[] acc = new double[s.inputSize()];
        for (int n = 0; n < s.batch(); n++) {
            for (int o = 0; o < s.outChannels(); o++) {
                int g = o / opg;
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double go = gradOutput[((n * s.outChannels() + o) * oh + y) * ow + x];
                        for (int c = 0; c < cpg; c++) {
                            int ci = g * cpg + c;
                            for (int i = 0; i < s.kernelH(); i++) {
                                int iy = y * s.strideH() - s.padH() + i * s.dilationH();
                                if (iy < 0 || iy >= s.inH()) {
                                    continue;
                                }
                                for (int j = 0; j < s.kernelW(); j++) {
                                    int ix = x * s.strideW() - s.padW() + j * s.dilationW();
                                    if (ix >= 0 && ix < s.inW()) {
                                        acc[inIndex(s, n, ci, iy, ix)] += go * weight[wIndex(s, o, c, i, j)];
                                    }
                                }
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

    /** {@code gradWeight = ∂L/∂weight}, {@code gradBias = ∂L/∂bias} (nullable); overwrites both. */
    public static void backwardWeight(Conv2dShape s, float[] input, float[] gradOutput, float[] gradWeight,
                                      float[] gradBias) {
        s.check("backwardWeight", input, s.inputSize(), "input", gradWeight, gradBias, gradOutput, s.outputSize(),
                "gradOutput");
        int oh = s.outH(), ow = s.outW(), cpg = s.inChannelsPerGroup(), opg = s.outChannelsPerGroup();
        for (int o = 0; o < s.outChannels(); o++) {
            int g = o / opg;
            for (int c = 0; c < cpg; c++) {
                int ci = g * cpg + c;
                for (int i = 0; i < s.kernelH(); i++) {
                    for (int j = 0; j < s.kernelW(); j++) {
                        double sum = 0;
                        for (int n = 0; n < s.batch(); n++) {
                            for (int y = 0; y < oh; y++) {
                                int iy = y * s.strideH() - s.padH() + i * s.dilationH();
                                if (iy < 0 || iy >= s.inH()) {
                                    continue;
                                }
                                for (int x = 0; x < ow; x++) {
                                    int ix = x * s.strideW() - s.padW() + j * s.dilationW();
                                    if (ix >= 0 && ix < s.inW()) {
                                        sum += (double) input[inIndex(s, n, ci, iy, ix)]
                                                * gradOutput[((n * s.outChannels() + o) * oh + y) * ow + x];
                                    }
                                }
                            }
                        }
                        gradWeight[wIndex(s, o, c, i, j)] = (float) sum;
                    }
                }
            }
            if (gradBias != null) {
                double sum = 0;
                for (int n = 0; n < s.batch(); n++) {
                    int base = (n * s.outChannels() + o) * oh * ow;
                    for (int k = 0; k < oh * ow; k++) {
                        sum += gradOutput[base + k];
                    }
                }
                gradBias[o] = (float) sum;
            }
        }
    }

    private static int inIndex(Conv2dShape s, int n, int c, int y, int x) {
        return ((n * s.inChannels() + c) * s.inH() + y) * s.inW() + x;
    }

    private static int wIndex(Conv2dShape s, int o, int c, int i, int j) {
        return ((o * s.inChannelsPerGroup() + c) * s.kernelH() + i) * s.kernelW() + j;
    }
}
