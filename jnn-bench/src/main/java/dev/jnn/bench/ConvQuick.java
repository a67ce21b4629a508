package dev.jnn.bench;

import dev.jnn.kernel.Conv2dKernel;
import dev.jnn.kernel.Conv2dShape;
import dev.jnn.kernel.Parallel;
import java.util.Arrays;
import java.util.Random;

/**
 * Quick timing of the convolution kernels on the two reference workloads, printing median milliseconds in the same
 * format as {@code bench/tools/conv_quick.py} (PyTorch), so the two can be run back to back and compared.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp jnn-core/target/classes:jnn-bench/target/classes
 * dev.jnn.bench.ConvQuick [threads] [only-workload-prefix]}
 */
public final class ConvQuick {

    private ConvQuick() {}

    /** The two workloads of the convolution targets, named as in conv_quick.py. */
    static final String[] NAMES = {"conv3x3_64_32x32_b128", "lenet_c1_5x5_1to6_b64"};
    static final Conv2dShape[] SHAPES = {
        new Conv2dShape(128, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1),
        new Conv2dShape(64, 1, 32, 32, 6, 5, 5, 1, 1, 0, 0, 1, 1, 1),
    };

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String only = args.length > 1 ? args[1] : "";
        Parallel.setThreads(threads);
        for (int w = 0; w < SHAPES.length; w++) {
            if (!NAMES[w].startsWith(only)) {
                continue;
            }
            Conv2dShape s = SHAPES[w];
            Random rnd = new Random(0);
            float[] x = random(rnd, s.inputSize()), wt = random(rnd, s.weightSize()), b = random(rnd, s.outChannels());
            float[] y = new float[s.outputSize()], dy = random(rnd, s.outputSize());
            float[] gx = new float[s.inputSize()], gw = new float[s.weightSize()], gb = new float[s.outChannels()];
            int reps = s.inChannels() > 1 ? 20 : 200;
            double fwd = medianMs(reps, () -> Conv2dKernel.forward(s, x, wt, b, y));
            double bwdIn = medianMs(reps, () -> Conv2dKernel.backwardInput(s, dy, wt, gx));
            double bwdW = medianMs(reps, () -> Conv2dKernel.backwardWeight(s, x, dy, gw, gb));
            double gflop = 2.0 * s.macs() / 1e9;
            System.out.printf("%s jnn threads=%d forward_ms=%.3f backward_ms=%.3f (input %.3f + weight %.3f)"
                            + " forward_GFLOPS=%.1f%n", NAMES[w], threads, fwd, bwdIn + bwdW, bwdIn, bwdW,
                    gflop / (fwd / 1e3));
        }
    }

    static double medianMs(int reps, Runnable r) {
        for (int i = 0; i < Math.max(5, reps / 4); i++) {
            r.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
