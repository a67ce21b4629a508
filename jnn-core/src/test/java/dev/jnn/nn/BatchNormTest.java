package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchNormTest {

    /** Per-channel mean and biased/unbiased variance of [N, C, rest] computed in double by loops. */
    private static double[][] stats(float[] x, int n, int c, int rest) {
        double[][] out = new double[3][c];
        int count = n * rest;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < rest; r++) {
                    s += x[(i * c + ch) * rest + r];
                }
            }
            double mean = s / count;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < rest; r++) {
                    double d = x[(i * c + ch) * rest + r] - mean;
                    ss += d * d;
                }
            }
            out[0][ch] = mean;
            out[1][ch] = ss / count;
            out[2][ch] = ss / (count - 1);
        }
        return out;
    }

    @Test
    void trainingNormalizesWithBatchStatisticsAndUpdatesRunningOnes() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = Tensor.randn(1, 4, 3, 2, 5).mul(2f).add(1.5f);
        float[] xs = x.toArray();
        double[][] st = stats(xs, 4, 3, 10);
        float[] y = bn.forward(x).toArray();
        for (int i = 0; i < 4; i++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int r = 0; r < 10; r++) {
                    int at = (i * 3 + ch) * 10 + r;
                    assertEquals((xs[at] - st[0][ch]) / Math.sqrt(st[1][ch] + 1e-5), y[at], 1e-5, "biased variance");
                }
            }
        }
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(0.1 * st[0][ch], bn.runningMean().toArray()[ch], 1e-6);
            assertEquals(0.9 + 0.1 * st[2][ch], bn.runningVar().toArray()[ch], 1e-5, "unbiased running variance");
        }
    }

    @Test
    void evalUsesRunningStatisticsAndDiffersFromTraining() {
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.gamma().values()[0] = 2f;
        bn.beta().values()[1] = -1f;
        for (int i = 0; i < 3; i++) {
            bn.forward(Tensor.randn(10 + i, 8, 2).add(3f));
        }
        float[] rm = bn.runningMean().toArray();
        float[] rv = bn.runningVar().toArray();
        Tensor x = Tensor.randn(20, 5, 2);
        float[] training = bn.forward(x).toArray();
        bn.eval();
        rm = bn.runningMean().toArray();
        rv = bn.runningVar().toArray();
        float[] eval = bn.forward(x).toArray();
        float[] again = bn.forward(x).toArray();
        assertArrayEquals(eval, again, "eval leaves the running statistics alone");
        assertArrayEquals(rm, bn.runningMean().toArray());
        float[] xs = x.toArray();
        float[] gamma = {2f, 1f};
        float[] beta = {0f, -1f};
        for (int i = 0; i < xs.length; i++) {
            int ch = i % 2;
            assertEquals(gamma[ch] * (xs[i] - rm[ch]) / Math.sqrt(rv[ch] + 1e-5) + beta[ch], eval[i], 1e-5);
        }
        assertFalse(Arrays.equals(training, eval));
    }

    @Test
    void gradientsForInputGammaAndBeta() {
        BatchNorm1d bn = new BatchNorm1d(3);
        bn.initialize(1);
        bn.gamma().tensor().copyFrom(Tensor.of(new float[] {0.5f, 1.5f, -1f}, 3));
        bn.beta().tensor().copyFrom(Tensor.of(new float[] {0.1f, 0f, 2f}, 3));
        Checks.gradients(bn, Tensor.randn(2, 6, 3).mul(1.5f));
        BatchNorm2d bn2 = new BatchNorm2d();
        Checks.gradients(bn2, Tensor.randn(3, 2, 2, 3, 3));
        bn2.eval();
        Checks.gradients(bn2, Tensor.randn(4, 2, 2, 3, 3));
    }

    @Test
    void sequencesLazyChannelsAndErrors() {
        BatchNorm1d bn = new BatchNorm1d();
        Tensor y = bn.forward(Tensor.randn(5, 4, 3, 7));
        assertArrayEquals(new int[] {4, 3, 7}, y.shape().toArray());
        assertEquals("BatchNorm1d(3)", bn.describe());
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(4, 3)));
        assertTrue(e.getMessage().startsWith("BatchNorm2d(3) got input [4, 3]: expected [N, C, H, W]"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)));
        assertTrue(e2.getMessage().contains("use a larger batch or eval()"), e2.getMessage());
        new BatchNorm1d(3).eval().forward(Tensor.zeros(1, 3));
    }

    @Test
    void stateHoldsBuffersAndInitializeResetsThem() {
        Sequential m = new Sequential(new Dense(4, 3), new BatchNorm1d(3));
        m.forward(Tensor.randn(1, 8, 4));
        assertEquals(java.util.List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var"),
                java.util.List.copyOf(m.stateDict().keySet()));
        Sequential copy = new Sequential(new Dense(3), new BatchNorm1d());
        copy.loadState(m.stateDict());
        m.eval();
        copy.eval();
        Tensor x = Tensor.randn(2, 5, 4);
        assertArrayEquals(m.forward(x).toArray(), copy.forward(x).toArray());
        m.initialize(3);
        BatchNorm1d bn = (BatchNorm1d) m.get(1);
        assertArrayEquals(new float[3], bn.runningMean().toArray());
        assertArrayEquals(new float[] {1, 1, 1}, bn.runningVar().toArray());
    }
}
