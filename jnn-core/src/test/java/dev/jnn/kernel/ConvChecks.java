package dev.jnn.kernel;

import java.util.List;
import java.util.Random;

/**
 * The three reference comparisons every 2-D convolution implementation passes: forward (with and without bias),
 * input gradient and weight/bias gradient against {@link Conv2dReference} on the given shapes. Shared by the tests of
 * {@link Conv2dKernel} (the dispatching entry points) and of {@link Conv2dDirect}.
 */
final class ConvChecks {

    /** One implementation's three passes, with {@link Conv2dKernel}'s signatures. */
    interface Conv {
        void forward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y);

        void backwardInput(Conv2dShape s, float[] dy, float[] w, float[] dx);

        void backwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw, float[] db);
    }

    static final Conv KERNEL = new Conv() {
        public void forward(Conv2dShape s, float[] x, float[] w, float[] b, float[] y) {
            Conv2dKernel.forward(s, x, w, b, y);
        }

        public void backwardInput(Conv2dShape s, float[] dy, float[] w, float[] dx) {
            Conv2dKernel.backwardInput(s, dy, w, dx);
        }

        public void backwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw, float[] db) {
            Conv2dKernel.backwardWeight(s, x, dy, dw, db);
        }
    };

    static final Conv DIRECT = new Conv() {
        public void forward(Conv2dShape s, float[] x, float[] w, float[] b, float[] y) {
            Conv2dDirect.forward(s, x, w, b, y);
        }

        public void backwardInput(Conv2dShape s, float[] dy, float[] w, float[] dx) {
            Conv2dDirect.backwardInput(s, dy, w, dx);
        }

        public void backwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw, float[] db) {
            Conv2dDirect.backwardWeight(s, x, dy, dw, db);
        }
    };

    private ConvChecks() {}

    static void forwardMatchesReference(Conv conv, List<Conv2dShape> shapes) {
        Random rnd = new Random(1);
        for (Conv2dShape s : shapes) {
            float[] x = Conv2dKernelTest.random(rnd, s.inputSize()), w = Conv2dKernelTest.random(rnd, s.weightSize());
            float[] b = Conv2dKernelTest.random(rnd, s.outChannels());
            for (float[] bias : new float[][] {b, null}) {
                float[] expected = new float[s.outputSize()];
                Conv2dReference.forward(s, x, w, bias, expected);
                float[] actual = Conv2dKernelTest.filled(s.outputSize(), Float.NaN);
                conv.forward(s, x, w, bias, actual);
                Conv2dKernelTest.assertClose(expected, actual, "forward " + s + " bias=" + (bias != null));
            }
        }
    }

    static void backwardInputMatchesReference(Conv conv, List<Conv2dShape> shapes) {
        Random rnd = new Random(2);
        for (Conv2dShape s : shapes) {
            float[] dy = Conv2dKernelTest.random(rnd, s.outputSize()), w = Conv2dKernelTest.random(rnd, s.weightSize());
            float[] expected = new float[s.inputSize()];
            Conv2dReference.backwardInput(s, dy, w, expected);
            float[] actual = Conv2dKernelTest.filled(s.inputSize(), Float.NaN);
            conv.backwardInput(s, dy, w, actual);
            Conv2dKernelTest.assertClose(expected, actual, "backwardInput " + s);
        }
    }

    /** Also checks that the weight gradient is the same whether or not the bias gradient is asked. */
    static void backwardWeightMatchesReference(Conv conv, List<Conv2dShape> shapes) {
        Random rnd = new Random(3);
        for (Conv2dShape s : shapes) {
            float[] x = Conv2dKernelTest.random(rnd, s.inputSize()), dy = Conv2dKernelTest.random(rnd, s.outputSize());
            float[] expectedW = new float[s.weightSize()], expectedB = new float[s.outChannels()];
            Conv2dReference.backwardWeight(s, x, dy, expectedW, expectedB);
            float[] actualW = Conv2dKernelTest.filled(s.weightSize(), Float.NaN);
            float[] actualB = Conv2dKernelTest.filled(s.outChannels(), Float.NaN);
            conv.backwardWeight(s, x, dy, actualW, actualB);
            Conv2dKernelTest.assertClose(expectedW, actualW, "backwardWeight " + s);
            Conv2dKernelTest.assertClose(expectedB, actualB, "backwardBias " + s);
            float[] onlyW = Conv2dKernelTest.filled(s.weightSize(), Float.NaN);
            conv.backwardWeight(s, x, dy, onlyW, null);
            org.junit.jupiter.api.Assertions.assertArrayEquals(actualW, onlyW,
                    "gradWeight must not depend on whether gradBias is asked for " + s);
        }
    }

    /**
     * Runs all three passes on 1, 2, 3 and again 2 threads and requires bit-identical results: chunks are claimed by
     * whichever thread is free, so this also checks that no result depends on which thread ran a chunk.
     */
    static void resultsDoNotDependOnThreadCount(Conv conv, List<Conv2dShape> shapes) {
        Random rnd = new Random(5);
        for (Conv2dShape s : shapes) {
            float[] x = Conv2dKernelTest.random(rnd, s.inputSize()), w = Conv2dKernelTest.random(rnd, s.weightSize());
            float[] b = Conv2dKernelTest.random(rnd, s.outChannels()), dy = Conv2dKernelTest.random(rnd, s.outputSize());
            float[][] one = runAll(conv, s, 1, x, w, b, dy);
            for (int threads : new int[] {2, 3, 2}) {
                float[][] other = runAll(conv, s, threads, x, w, b, dy);
                for (int k = 0; k < one.length; k++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(one[k], other[k],
                            "1 vs " + threads + " threads, output " + k + " (y, dx, dw, db) " + s);
                }
            }
        }
    }

    private static float[][] runAll(Conv conv, Conv2dShape s, int threads, float[] x, float[] w, float[] b,
                                    float[] dy) {
        Parallel.setThreads(threads);
        float[] y = new float[s.outputSize()], gx = new float[s.inputSize()];
        float[] gw = new float[s.weightSize()], gb = new float[s.outChannels()];
        conv.forward(s, x, w, b, y);
        conv.backwardInput(s, dy, w, gx);
        conv.backwardWeight(s, x, dy, gw, gb);
        return new float[][] {y, gx, gw, gb};
    }
}
