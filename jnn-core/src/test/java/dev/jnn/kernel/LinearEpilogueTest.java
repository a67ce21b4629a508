package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearEpilogueTest {

    private static final UnaryOp[] ACTS = {UnaryOp.IDENTITY, UnaryOp.RELU, UnaryOp.TANH, UnaryOp.SIGMOID};
    /** rows × cols, including widths below, at and above the vector width and a size split over threads. */
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {2, 8}, {5, 17}, {4, 33}, {64, 10}, {70, 300}, {9, 100}};

    @Test
    void forwardMatchesReference() {
        Random rnd = new Random(1);
        for (UnaryOp act : ACTS) {
            for (int[] s : SHAPES) {
                for (boolean withBias : new boolean[] {true, false}) {
                    int rows = s[0];
                    int cols = s[1];
                    float[] y = random(rnd, 3 + rows * cols);
                    float[] bias = withBias ? random(rnd, 2 + cols) : null;
                    float[] expected = y.clone();
                    LinearEpilogueReference.forward(act, expected, 3, bias, 2, rows, cols);
                    LinearEpilogue.forward(act, y, 3, bias, 2, rows, cols);
                    assertClose(expected, y, act + " " + Arrays.toString(s) + " bias=" + withBias);
                }
            }
        }
    }

    @Test
    void backwardMatchesReference() {
        Random rnd = new Random(2);
        for (UnaryOp act : ACTS) {
            for (int[] s : SHAPES) {
                int rows = s[0];
                int cols = s[1];
                float[] g = random(rnd, 1 + rows * cols);
                float[] y = random(rnd, 2 + rows * cols);
                if (act == UnaryOp.RELU) {
                    for (int i = 0; i < y.length; i++) {
                        y[i] = i % 3 == 0 ? 0f : Math.max(0f, y[i]); // outputs of a relu, exact zeros included
                    }
                }
                float[] bias = random(rnd, 4 + cols);
                float[] expectedBias = bias.clone();
                float[] d = new float[5 + rows * cols];
                float[] expectedD = d.clone();
                LinearEpilogueReference.backward(act, g, 1, y, 2, expectedD, 5, expectedBias, 4, rows, cols);
                LinearEpilogue.backward(act, g, 1, y, 2, d, 5, bias, 4, rows, cols);
                String what = act + " " + Arrays.toString(s);
                // same operations in the same order: bit-identical, not merely close
                assertArrayEquals(expectedD, d, what + " d");
                assertArrayEquals(expectedBias, bias, what + " bias gradient");
                LinearEpilogue.backward(act, g, 1, y, 2, d, 5, null, 0, rows, cols);
                assertArrayEquals(expectedD, d, what + " d without bias");
            }
        }
    }

    @Test
    void backwardIsTheSameOnOneThreadAndOnTwo() {
        Random rnd = new Random(3);
        int rows = 256;
        int cols = 300;
        float[] g = random(rnd, rows * cols);
        float[] y = random(rnd, rows * cols);
        float[][] d = new float[2][rows * cols];
        float[][] bias = new float[2][cols];
        int before = Parallel.threads();
        try {
            for (int t = 0; t < 2; t++) {
                Parallel.setThreads(t + 1);
                LinearEpilogue.backward(UnaryOp.TANH, g, 0, y, 0, d[t], 0, bias[t], 0, rows, cols);
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(d[0], d[1]);
        assertArrayEquals(bias[0], bias[1]);
    }

    @Test
    void rejectsActivationsWithoutAFusedDerivative() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LinearEpilogue.forward(UnaryOp.EXP, new float[4], 0, null, 0, 2, 2));
        assertEquals("LinearEpilogue: activation EXP is not fused; use IDENTITY, RELU, TANH or SIGMOID",
                e.getMessage());
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextFloat() * 4 - 2;
        }
        return a;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6f + 1e-6f * Math.abs(expected[i]), what + " at " + i);
        }
    }
}
