package dev.jnn.bench;

import dev.jnn.kernel.Conv2dKernel;
import dev.jnn.kernel.Conv2dShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Convolution rows, no bias, counted as 2·MACs per pass: forward is one pass, backward (input gradient + weight
 * gradient, what a training step needs for a first hidden layer onwards) two.
 */
final class ConvWorkloads {

    private ConvWorkloads() {}

    static List<Workload> all() {
        // A VGG/ResNet-style middle layer: 3×3, 64→64 channels on 32×32 maps, pad 1, batch 128.
        Conv2dShape vggish = square(128, 64, 32, 64, 3, 1);
        // LeNet-5's first layer: 5×5, 1→6 channels on 32×32 images, no padding, batch 64.
        Conv2dShape lenet = square(64, 1, 32, 6, 5, 0);
        return List.of(forward("conv3x3-64-fwd", vggish), backward("conv3x3-64-bwd", vggish),
                forward("conv5x5-lenet-fwd", lenet));
    }

    static Conv2dShape square(int batch, int inChannels, int size, int outChannels, int kernel, int pad) {
        return new Conv2dShape(batch, inChannels, size, size, outChannels, kernel, kernel, 1, 1, pad, pad, 1, 1, 1);
    }

    static Workload forward(String name, Conv2dShape s) {
        return new Workload(name, Workload.GFLOPS, 2.0 * s.macs() / 1e9, () -> {
            var rnd = new SplittableRandom(42);
            float[] input = Data.uniform(rnd, s.inputSize());
            float[] weight = Data.uniform(rnd, s.weightSize());
            float[] output = new float[s.outputSize()];
            return () -> Conv2dKernel.forward(s, input, weight, null, output);
        });
    }

    static Workload backward(String name, Conv2dShape s) {
        return new Workload(name, Workload.GFLOPS, 2 * 2.0 * s.macs() / 1e9, () -> {
            var rnd = new SplittableRandom(42);
            float[] input = Data.uniform(rnd, s.inputSize());
            float[] weight = Data.uniform(rnd, s.weightSize());
            float[] gradOutput = Data.uniform(rnd, s.outputSize());
            float[] gradInput = new float[s.inputSize()];
            float[] gradWeight = new float[s.weightSize()];
            return () -> {
                Conv2dKernel.backwardInput(s, gradOutput, weight, gradInput);
                Conv2dKernel.backwardWeight(s, input, gradOutput, gradWeight, null);
            };
        });
    }
}
