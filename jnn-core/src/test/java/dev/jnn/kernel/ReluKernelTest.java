package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReluKernelTest {

    @Test
    void backwardFromTheOutputMatchesTheInputMaskOnOddSizesAndOffsets() {
        Random rnd = new Random(4);
        for (int n : new int[] {0, 1, 7, 8, 9, 31, 100, (1 << 17) + 3}) {
            float[] x = new float[n + 2];
            float[] g = new float[n + 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 5 == 0 ? 0f : (float) rnd.nextGaussian(); // exact zeros: the kink gets gradient 0
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) rnd.nextGaussian();
            }
            float[] y = new float[n + 3];
            Elementwise.unary(UnaryOp.RELU, x, 2, y, 3, n);
            float[] xs = java.util.Arrays.copyOfRange(x, 2, n + 2);
            float[] gs = java.util.Arrays.copyOfRange(g, 1, n + 1);
            float[] expected = new float[n];
            ReluReference.backwardFromInput(xs, gs, expected, n);
            float[] actual = new float[n + 4];
            ReluKernel.backward(y, 3, g, 1, actual, 4, n);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(actual, 4, n + 4), "n=" + n);
        }
    }
}
