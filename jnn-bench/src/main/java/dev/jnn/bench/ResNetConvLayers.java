package dev.jnn.bench;

import dev.jnn.kernel.Conv2dKernel;
import dev.jnn.kernel.Conv2dShape;
import dev.jnn.kernel.Parallel;
import java.util.Random;

/**
 * Where a ResNet-20 training step's convolution time goes: each distinct 3×3 layer of the CIFAR ResNet-20 at batch
 * 128, its forward, input-gradient and weight-gradient passes in milliseconds and GFLOP/s (median of timed calls
 * after a long warm-up, so that every kernel runs C2's code), and the totals of one step with each layer counted as
 * often as the network has it. The stem's input gradient is left out of the totals (the images need none).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp jnn-core/target/classes:jnn-bench/target/classes
 * dev.jnn.bench.ResNetConvLayers [threads]}
 */
public final class ResNetConvLayers {

    private ResNetConvLayers() {}

    private record Layer(String name, Conv2dShape shape, int count, boolean inputGradient) {}

    private static final Layer[] LAYERS = {
        new Layer("stem 3->16 32x32", conv(3, 32, 16, 1), 1, false),
        new Layer("16->16 32x32", conv(16, 32, 16, 1), 6, true),
        new Layer("16->32 stride 2", conv(16, 32, 32, 2), 1, true),
        new Layer("32->32 16x16", conv(32, 16, 32, 1), 5, true),
        new Layer("32->64 stride 2", conv(32, 16, 64, 2), 1, true),
        new Layer("64->64 8x8", conv(64, 8, 64, 1), 5, true),
    };

    private static Conv2dShape conv(int in, int size, int out, int stride) {
        return new Conv2dShape(128, in, size, size, out, 3, 3, stride, stride, 1, 1, 1, 1, 1);
    }

    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 2);
        double[] total = new double[3];
        for (Layer layer : LAYERS) {
            Conv2dShape s = layer.shape();
            Random rnd = new Random(0);
            float[] x = ConvQuick.random(rnd, s.inputSize()), w = ConvQuick.random(rnd, s.weightSize());
            float[] dy = ConvQuick.random(rnd, s.outputSize());
            float[] y = new float[s.outputSize()], gx = new float[s.inputSize()], gw = new float[s.weightSize()];
            Runnable[] passes = {
                () -> Conv2dKernel.forward(s, x, w, null, y),
                () -> Conv2dKernel.backwardInput(s, dy, w, gx),
                () -> Conv2dKernel.backwardWeight(s, x, dy, gw, null),
            };
            for (int i = 0; i < 200; i++) { // the JIT's top tier for every kernel the passes use
                for (Runnable pass : passes) {
                    pass.run();
                }
            }
            double gflop = 2.0 * s.macs() / 1e9;
            StringBuilder line = new StringBuilder(String.format("%-18s x%d", layer.name(), layer.count()));
            String[] names = {"forward", "input grad", "weight grad"};
            for (int p = 0; p < 3; p++) {
                double ms = ConvQuick.medianMs(60, passes[p]);
                line.append(String.format("  %s %.2f ms (%.0f GFLOP/s)", names[p], ms, gflop / (ms / 1e3)));
                if (p != 1 || layer.inputGradient()) {
                    total[p] += ms * layer.count();
                }
            }
            System.out.println(line);
        }
        System.out.printf("one step: forward %.1f ms, input grad %.1f ms, weight grad %.1f ms, total %.1f ms%n",
                total[0], total[1], total[2], total[0] + total[1] + total[2]);
    }
}
