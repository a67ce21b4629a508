package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReduceSoftmaxTest {

    @Test
    void sumMaxAndDotMatchReferenceOnOddSizes() {
        Random rnd = new Random(5);
        for (int n : new int[] {0, 1, 5, 16, 31, 32, 33, 63, 1000, 4097}) {
            float[] x = ElementwiseTest.random(rnd, n + 2, false);
            float[] y = ElementwiseTest.random(rnd, n + 1, false);
            assertEquals(ReduceReference.sum(x, 2, n), Reduce.sum(x, 2, n), 1e-5 * (n + 1), "sum n=" + n);
            assertEquals(ReduceReference.max(x, 2, n), Reduce.max(x, 2, n), "max n=" + n);
            assertEquals(ReduceReference.dot(x, 2, y, 1, n), Reduce.dot(x, 2, y, 1, n), 1e-5 * (n + 1), "dot n=" + n);
        }
    }

    @Test
    void sumIsBitReproducible() {
        float[] x = ElementwiseTest.random(new Random(6), 10_001, false);
        float first = Reduce.sum(x, 0, x.length);
        for (int i = 0; i < 5; i++) {
            assertEquals(Float.floatToIntBits(first), Float.floatToIntBits(Reduce.sum(x, 0, x.length)));
        }
    }

    @Test
    void softmaxAndLogSoftmaxMatchReferenceOnOddShapes() {
        Random rnd = new Random(7);
        for (int[] rc : new int[][] {{1, 1}, {3, 5}, {4, 17}, {9, 33}, {2, 1000}}) {
            int rows = rc[0];
            int cols = rc[1];
            float[] x = ElementwiseTest.random(rnd, rows * cols + 1, false);
            for (boolean log : new boolean[] {false, true}) {
                float[] expected = new float[rows * cols];
                float[] actual = new float[rows * cols];
                ReduceReference.softmax(x, 1, expected, 0, rows, cols, log);
                if (log) {
                    Softmax.logSoftmax(x, 1, actual, 0, rows, cols);
                } else {
                    Softmax.softmax(x, 1, actual, 0, rows, cols);
                }
                ElementwiseTest.assertClose(expected, actual, (log ? "logSoftmax " : "softmax ") + rows + "x" + cols);
            }
        }
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        float[] x = {1000f, 1001f, 999f, -1000f};
        float[] y = new float[4];
        Softmax.softmax(x, 0, y, 0, 1, 4);
        float[] ly = new float[4];
        Softmax.logSoftmax(x, 0, ly, 0, 1, 4);
        for (int i = 0; i < 4; i++) {
            assertTrue(Float.isFinite(y[i]) && Float.isFinite(ly[i]), "overflow at " + i);
        }
        assertEquals(0.66524096f, y[1], 1e-6f);
        assertEquals(-1.4076059f, ly[0], 1e-5f);
    }

    @Test
    void lanesAreAddedInLaneOrderSoResultsDoNotDependOnTheJit() {
        var rnd = new java.util.Random(11);
        var species = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        float[] lanes = new float[species.length()];
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < lanes.length; i++) {
                // mixed magnitudes make the rounding depend on the order of the additions
                lanes[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
            }
            float inOrder = lanes[0];
            for (int i = 1; i < lanes.length; i++) {
                inOrder += lanes[i];
            }
            var v = jdk.incubator.vector.FloatVector.fromArray(species, lanes, 0);
            org.junit.jupiter.api.Assertions.assertEquals(Float.floatToIntBits(inOrder),
                    Float.floatToIntBits(Reduce.addLanes(v)), "round " + round);
        }
    }
}
