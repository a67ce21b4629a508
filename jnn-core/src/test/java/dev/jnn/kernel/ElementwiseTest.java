package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    private static final int[] SIZES = {0, 1, 3, 15, 16, 17, 33, 100, 257};

    @Test
    void binaryMatchesReferenceOnOddSizesAndOffsets() {
        Random rnd = new Random(1);
        for (BinaryOp op : BinaryOp.values()) {
            for (int n : SIZES) {
                float[] a = random(rnd, n + 3, op == BinaryOp.POW);
                float[] b = random(rnd, n + 5, false);
                if (op.isComparison() && n > 2) {
                    b[5 + 1] = a[3 + 1]; // make sure equality occurs
                }
                float[] expected = new float[n + 2];
                float[] actual = new float[n + 2];
                ElementwiseReference.binary(op, a, 3, b, 5, expected, 2, n);
                Elementwise.binary(op, a, 3, b, 5, actual, 2, n);
                assertClose(expected, actual, op + " n=" + n);
                float s = b[0];
                ElementwiseReference.binaryScalar(op, a, 3, s, expected, 2, n);
                Elementwise.binaryScalar(op, a, 3, s, actual, 2, n);
                assertClose(expected, actual, op + " scalar n=" + n);
                if (op != BinaryOp.POW) {
                    ElementwiseReference.scalarBinary(op, s, a, 3, expected, 2, n);
                    Elementwise.scalarBinary(op, s, a, 3, actual, 2, n);
                    assertClose(expected, actual, op + " scalar-first n=" + n);
                }
            }
        }
    }

    @Test
    void unaryMatchesReferenceOnOddSizes() {
        Random rnd = new Random(2);
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL;
            for (int n : SIZES) {
                float[] x = random(rnd, n + 1, positive);
                float[] expected = new float[n];
                float[] actual = new float[n];
                ElementwiseReference.unary(op, x, 1, expected, 0, n);
                Elementwise.unary(op, x, 1, actual, 0, n);
                assertClose(expected, actual, op + " n=" + n);
            }
        }
    }

    @Test
    void largeArraysSplitOverThreadsGiveTheSameResult() {
        Random rnd = new Random(3);
        int n = (1 << 17) + 7;
        float[] a = random(rnd, n, false);
        float[] b = random(rnd, n, false);
        float[] expected = new float[n];
        float[] actual = new float[n];
        ElementwiseReference.binary(BinaryOp.MUL, a, 0, b, 0, expected, 0, n);
        Elementwise.binary(BinaryOp.MUL, a, 0, b, 0, actual, 0, n);
        assertClose(expected, actual, "mul large");
        ElementwiseReference.unary(UnaryOp.TANH, a, 0, expected, 0, n);
        Elementwise.unary(UnaryOp.TANH, a, 0, actual, 0, n);
        assertClose(expected, actual, "tanh large");
    }

    @Test
    void fusedBiasActivationMatchesReference() {
        Random rnd = new Random(4);
        for (UnaryOp act : new UnaryOp[] {UnaryOp.IDENTITY, UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH}) {
            for (int[] rc : new int[][] {{1, 1}, {3, 17}, {7, 33}, {64, 300}}) {
                int rows = rc[0];
                int cols = rc[1];
                float[] x = random(rnd, rows * cols + 2, false);
                float[] bias = random(rnd, cols + 1, false);
                float[] expected = new float[rows * cols];
                float[] actual = new float[rows * cols];
                ElementwiseReference.biasActivation(act, x, 2, bias, 1, expected, 0, rows, cols);
                Elementwise.biasActivation(act, x, 2, bias, 1, actual, 0, rows, cols);
                assertClose(expected, actual, act + " " + rows + "x" + cols);
            }
        }
    }

    static float[] random(Random rnd, int n, boolean positive) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = positive ? 0.1f + 2 * rnd.nextFloat() : (float) rnd.nextGaussian() * 2;
        }
        return a;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-6f * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }
}
