package dev.jnn.kernel;

import static dev.jnn.kernel.Conv2dKernelTest.assertClose;
import static dev.jnn.kernel.Conv2dKernelTest.filled;
import static dev.jnn.kernel.Conv2dKernelTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pool2dKernelTest {

    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    static List<Pool2dShape> shapes() {
        List<Pool2dShape> list = new ArrayList<>(List.of(
                // batch, channels, inH, inW, kH, kW, sH, sW, pH, pW, ceil
                new Pool2dShape(2, 3, 8, 8, 2, 2, 2, 2, 0, 0, false),
                new Pool2dShape(2, 3, 9, 11, 2, 2, 2, 2, 0, 0, false),     // odd sizes drop the last row/column
                new Pool2dShape(2, 3, 9, 11, 2, 2, 2, 2, 0, 0, true),      // ... or keep a partial window
                new Pool2dShape(2, 6, 28, 28, 2, 2, 2, 2, 0, 0, true),     // ceil mode on even sizes: whole windows
                new Pool2dShape(3, 2, 7, 6, 2, 2, 2, 2, 0, 0, false),      // odd height only
                new Pool2dShape(1, 4, 13, 13, 3, 3, 2, 2, 0, 0, false),    // overlapping 3x3/2
                new Pool2dShape(3, 2, 14, 15, 3, 3, 2, 2, 1, 1, true),     // overlapping, padded, ceil
                new Pool2dShape(2, 2, 10, 7, 3, 2, 1, 3, 1, 1, false),     // stride != kernel
                new Pool2dShape(1, 5, 6, 6, 5, 5, 3, 3, 2, 2, true),       // ceil window would start in padding only
                new Pool2dShape(2, 1, 5, 5, 5, 5, 1, 1, 0, 0, false),      // global
                Pool2dShape.pool1d(3, 4, 17, 3, 2, 1, false),
                Pool2dShape.pool1d(2, 2, 10, 4, 3, 2, true)));
        Random rnd = new Random(21);
        for (int t = 0; t < 30; t++) {
            int kh = 1 + rnd.nextInt(4), kw = 1 + rnd.nextInt(4);
            int ph = rnd.nextInt(kh / 2 + 1), pw = rnd.nextInt(kw / 2 + 1);
            list.add(new Pool2dShape(1 + rnd.nextInt(3), 1 + rnd.nextInt(4), kh + rnd.nextInt(10),
                    kw + rnd.nextInt(10), kh, kw, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3), ph, pw, rnd.nextBoolean()));
        }
        return list;
    }

    @Test
    void maxPoolMatchesReference() {
        Random rnd = new Random(1);
        for (Pool2dShape s : shapes()) {
            float[] x = random(rnd, s.inputSize());
            float[] expected = new float[s.outputSize()], actual = filled(s.outputSize(), Float.NaN);
            int[] expectedArg = new int[s.outputSize()], actualArg = new int[s.outputSize()];
            MaxPool2dReference.forward(s, x, expected, expectedArg);
            MaxPool2dKernel.forward(s, x, actual, actualArg);
            assertArrayEquals(expected, actual, "max forward " + s);
            assertArrayEquals(expectedArg, actualArg, "argmax " + s);
            float[] noArg = new float[s.outputSize()];
            MaxPool2dKernel.forward(s, x, noArg, null);
            assertArrayEquals(expected, noArg, "max forward without argmax " + s);

            float[] dy = random(rnd, s.outputSize());
            float[] expectedGrad = new float[s.inputSize()], actualGrad = filled(s.inputSize(), Float.NaN);
            MaxPool2dReference.backward(s, dy, expectedArg, expectedGrad);
            MaxPool2dKernel.backward(s, dy, actualArg, actualGrad);
            assertClose(expectedGrad, actualGrad, "max backward " + s);
        }
    }

    @Test
    void avgPoolMatchesReference() {
        Random rnd = new Random(2);
        for (Pool2dShape s : shapes()) {
            for (boolean includePad : new boolean[] {true, false}) {
                float[] x = random(rnd, s.inputSize());
                float[] expected = new float[s.outputSize()], actual = filled(s.outputSize(), Float.NaN);
                AvgPool2dReference.forward(s, x, expected, includePad);
                AvgPool2dKernel.forward(s, x, actual, includePad);
                assertClose(expected, actual, "avg forward " + s + " includePad=" + includePad);
                float[] dy = random(rnd, s.outputSize());
                float[] expectedGrad = new float[s.inputSize()], actualGrad = filled(s.inputSize(), Float.NaN);
                AvgPool2dReference.backward(s, dy, expectedGrad, includePad);
                AvgPool2dKernel.backward(s, dy, actualGrad, includePad);
                assertClose(expectedGrad, actualGrad, "avg backward " + s + " includePad=" + includePad);
            }
        }
    }

    /** Values worked out by hand (and by PyTorch's F.max_pool2d / F.avg_pool2d with the same arguments). */
    @Test
    void knownValuesWithPaddingAndCeilMode() {
        // 1x1x3x3 input 1..9, kernel 2, stride 2, pad 1, ceil: windows start at -1 and 1 -> 2x2 output.
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        var s = new Pool2dShape(1, 1, 3, 3, 2, 2, 2, 2, 1, 1, true);
        assertEquals(2, s.outH());
        float[] max = new float[4];
        int[] arg = new int[4];
        MaxPool2dKernel.forward(s, x, max, arg);
        assertArrayEquals(new float[] {1, 3, 7, 9}, max);
        assertArrayEquals(new int[] {0, 2, 6, 8}, arg);
        float[] avg = new float[4];
        AvgPool2dKernel.forward(s, x, avg, true);
        assertArrayEquals(new float[] {1 / 4f, 5 / 4f, 11 / 4f, 28 / 4f}, avg);
        AvgPool2dKernel.forward(s, x, avg, false);
        assertArrayEquals(new float[] {1, 5 / 2f, 11 / 2f, 28 / 4f}, avg);
        // Negative inputs with padding: padding is -inf for max pooling, so it never wins.
        float[] neg = {-5, -4, -3, -2};
        var p = new Pool2dShape(1, 1, 2, 2, 3, 3, 1, 1, 1, 1, false);
        float[] out = new float[4];
        MaxPool2dKernel.forward(p, neg, out, null);
        assertArrayEquals(new float[] {-2, -2, -2, -2}, out);
        // PyTorch rule: ceil mode drops a last window that would start in the right padding.
        assertEquals(2, new Pool2dShape(1, 1, 1, 3, 1, 2, 1, 2, 0, 1, true).outW());   // starts -1, 1 (3 is past)
        assertEquals(3, new Pool2dShape(1, 1, 1, 6, 1, 3, 1, 2, 0, 0, true).outW());   // starts 0, 2, 4
        assertEquals(2, new Pool2dShape(1, 1, 1, 6, 1, 3, 1, 2, 0, 0, false).outW());
        assertEquals(4, new Pool2dShape(1, 1, 1, 6, 1, 3, 1, 2, 0, 1, true).outW());   // starts -1, 1, 3, 5
    }

    @Test
    void nanPropagatesThroughMaxPooling() {
        float[] x = {1, Float.NaN, 3, 4};
        float[] out = new float[1];
        int[] arg = new int[1];
        MaxPool2dKernel.forward(Pool2dShape.square(1, 1, 2, 2, 2, 2, 0), x, out, arg);
        assertEquals(Float.NaN, out[0]);
        assertEquals(1, arg[0]);
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResults() {
        Random rnd = new Random(3);
        var s = new Pool2dShape(8, 16, 17, 17, 3, 3, 2, 2, 1, 1, true);
        float[] x = random(rnd, s.inputSize()), dy = random(rnd, s.outputSize());
        float[][] one = runAll(s, 1, x, dy), two = runAll(s, 2, x, dy);
        for (int k = 0; k < one.length; k++) {
            assertArrayEquals(one[k], two[k], "output " + k);
        }
    }

    private static float[][] runAll(Pool2dShape s, int threads, float[] x, float[] dy) {
        Parallel.setThreads(threads);
        float[] max = new float[s.outputSize()], avg = new float[s.outputSize()];
        float[] gMax = new float[s.inputSize()], gAvg = new float[s.inputSize()];
        int[] arg = new int[s.outputSize()];
        MaxPool2dKernel.forward(s, x, max, arg);
        MaxPool2dKernel.backward(s, dy, arg, gMax);
        AvgPool2dKernel.forward(s, x, avg, false);
        AvgPool2dKernel.backward(s, dy, gAvg, false);
        return new float[][] {max, gMax, avg, gAvg};
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> new Pool2dShape(1, 1, 4, 4, 2, 2, 2, 2, 2, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Pool2dShape(1, 1, 2, 2, 3, 3, 1, 1, 0, 0, false));
        var s = Pool2dShape.square(1, 1, 4, 4, 2, 2, 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> MaxPool2dKernel.forward(s, new float[15], new float[4], null));
        assertEquals("maxpool2d forward: input needs 16 elements but the array holds 15 (" + s + ")", e.getMessage());
    }
}
