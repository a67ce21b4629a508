package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {

    /** rows × cols: below, at and above the vector width, MNIST's 10 classes, and sizes split over threads. */
    private static final int[][] SHAPES = {{1, 1}, {3, 10}, {2, 8}, {7, 17}, {64, 10}, {5, 33}, {40, 1000}};

    @Test
    void matchesReferenceOnOddShapesAndLargeLogits() {
        Random rnd = new Random(1);
        for (int[] s : SHAPES) {
            for (float spread : new float[] {3f, 200f}) {
                int rows = s[0];
                int cols = s[1];
                float[] x = new float[2 + rows * cols];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (rnd.nextFloat() * 2 - 1) * spread + 1000f; // far from 0: needs the max shift
                }
                int[] labels = new int[rows];
                for (int r = 0; r < rows; r++) {
                    labels[r] = rnd.nextInt(cols);
                }
                float[] p = new float[rows * cols];
                float[] loss = new float[rows];
                float[] pRef = new float[rows * cols];
                float[] lossRef = new float[rows];
                SoftmaxCrossEntropy.forward(x, 2, rows, cols, labels, p, loss);
                SoftmaxCrossEntropyReference.forward(x, 2, rows, cols, labels, pRef, lossRef);
                String what = Arrays.toString(s) + " spread " + spread;
                assertClose(pRef, p, 2e-6f, what + " probabilities");
                assertClose(lossRef, loss, 2e-5f, what + " loss");
                float[] g = new float[rows * cols];
                float[] gRef = new float[rows * cols];
                SoftmaxCrossEntropy.backward(p, rows, cols, labels, 0.25f, g);
                SoftmaxCrossEntropyReference.backward(p, rows, cols, labels, 0.25f, gRef);
                assertClose(gRef, g, 1e-7f, what + " gradient");
            }
        }
    }

    @Test
    void sameResultsOnOneThreadAndOnTwo() {
        Random rnd = new Random(2);
        int rows = 203;
        int cols = 301;
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat() * 20 - 10;
        }
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = rnd.nextInt(cols);
        }
        float[][] p = new float[2][rows * cols];
        float[][] loss = new float[2][rows];
        float[][] g = new float[2][rows * cols];
        int before = Parallel.threads();
        try {
            for (int t = 0; t < 2; t++) {
                Parallel.setThreads(t + 1);
                SoftmaxCrossEntropy.forward(x, 0, rows, cols, labels, p[t], loss[t]);
                SoftmaxCrossEntropy.backward(p[t], rows, cols, labels, 1f / rows, g[t]);
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(p[0], p[1]);
        assertArrayEquals(loss[0], loss[1]);
        assertArrayEquals(g[0], g[1]);
    }

    private static void assertClose(float[] expected, float[] actual, float tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol + tol * Math.abs(expected[i]), what + " at " + i);
        }
    }
}
