package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormKernelTest {

    /**
     * [N, C, R] layouts: features (R = 1), planes shorter and longer than one or two vectors, odd sizes, ResNet-like.
     * Shared with {@link BatchNormReluTest}, as are {@link #random} and {@link #assertClose}.
     */
    static final int[][] LAYOUTS = {{5, 3, 1}, {2, 4, 3}, {3, 2, 17}, {4, 5, 33}, {2, 3, 64}, {8, 16, 100}, {11, 2, 5}};

    static float[] random(Random rnd, int n, float scale, float shift) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian() * scale + shift;
        }
        return a;
    }

    static void assertClose(float[] expected, float[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            assertEquals(e, actual[i], tol * (1 + Math.abs(e)), what + " at " + i);
        }
    }

    @Test
    void forwardAndBackwardMatchTheReference() {
        Random rnd = new Random(7);
        for (int[] d : LAYOUTS) {
            var s = new BatchNormKernel.Layout(d[0], d[1], d[2]);
            String at = "layout " + java.util.Arrays.toString(d);
            // A large offset against a small spread: the naive E[x²] − E[x]² would lose most digits here.
            float[] x = random(rnd, s.size(), 0.5f, 30f);
            float[] gamma = random(rnd, s.c(), 1f, 0.5f);
            float[] beta = random(rnd, s.c(), 1f, 0f);
            float[] g = random(rnd, s.size(), 1f, 0.1f);
            float eps = 1e-5f;
            float[][] ref = {new float[s.size()], new float[s.c()], new float[s.c()], new float[s.c()]};
            float[][] fast = {new float[s.size()], new float[s.c()], new float[s.c()], new float[s.c()]};
            BatchNormReference.forwardTrain(s, x, gamma, beta, eps, ref[0], ref[1], ref[2], ref[3]);
            BatchNormKernel.forwardTrain(s, x, gamma, beta, eps, fast[0], fast[1], fast[2], fast[3]);
            String[] names = {"y", "mean", "var", "invStd"};
            for (int k = 0; k < 4; k++) {
                assertClose(ref[k], fast[k], 2e-5, at + " train " + names[k]);
            }
            for (boolean batchStatistics : new boolean[] {true, false}) {
                float[][] gr = {new float[s.size()], new float[s.c()], new float[s.c()]};
                float[][] gf = {new float[s.size()], new float[s.c()], new float[s.c()]};
                BatchNormReference.backward(s, g, x, ref[1], ref[3], gamma, batchStatistics, gr[0], gr[1], gr[2]);
                BatchNormKernel.backward(s, g, x, ref[1], ref[3], gamma, batchStatistics, gf[0], gf[1], gf[2]);
                // dx with batch statistics is a difference of terms of size |g|, so compare against that scale.
                float scale = 0;
                for (float v : gr[0]) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < s.size(); i++) {
                    assertEquals(gr[0][i], gf[0][i], 1e-4 * (1 + scale), at + " dx " + batchStatistics + " at " + i);
                }
                assertClose(gr[1], gf[1], 1e-4, at + " dgamma");
                assertClose(gr[2], gf[2], 1e-4, at + " dbeta");
                java.util.Arrays.fill(gf[1], Float.NaN);
                java.util.Arrays.fill(gf[2], Float.NaN);
                BatchNormKernel.backward(s, g, x, ref[1], ref[3], gamma, batchStatistics, null, gf[1], gf[2]);
                assertClose(gr[1], gf[1], 1e-4, at + " dgamma without dx");
                assertClose(gr[2], gf[2], 1e-4, at + " dbeta without dx");
            }
            float[] mean = random(rnd, s.c(), 1f, 30f);
            float[] var = random(rnd, s.c(), 0.1f, 0.5f);
            float[] yr = new float[s.size()];
            float[] yf = new float[s.size()];
            BatchNormReference.forwardEval(s, x, mean, var, gamma, beta, eps, yr);
            BatchNormKernel.forwardEval(s, x, mean, var, gamma, beta, eps, yf);
            assertClose(yr, yf, 2e-5, at + " eval");
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Random rnd = new Random(8);
        var s = new BatchNormKernel.Layout(16, 8, 1000);
        float[] x = random(rnd, s.size(), 2f, 1f);
        float[] g = random(rnd, s.size(), 1f, 0f);
        float[] gamma = random(rnd, s.c(), 1f, 1f);
        float[] beta = random(rnd, s.c(), 1f, 0f);
        float[][] out = new float[2][];
        int before = Parallel.threads();
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                float[] y = new float[s.size()];
                float[] mean = new float[s.c()], var = new float[s.c()], inv = new float[s.c()];
                BatchNormKernel.forwardTrain(s, x, gamma, beta, 1e-5f, y, mean, var, inv);
                float[] gx = new float[s.size()], gg = new float[s.c()], gb = new float[s.c()];
                BatchNormKernel.backward(s, g, x, mean, inv, gamma, true, gx, gg, gb);
                float[] all = new float[2 * s.size() + 2 * s.c()];
                System.arraycopy(y, 0, all, 0, s.size());
                System.arraycopy(gx, 0, all, s.size(), s.size());
                System.arraycopy(gg, 0, all, 2 * s.size(), s.c());
                System.arraycopy(gb, 0, all, 2 * s.size() + s.c(), s.c());
                out[t - 1] = all;
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(out[0], out[1]);
    }

    @Test
    void layoutMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNormKernel.Layout(2, 0, 4));
        assertEquals("batchNorm: layout [N, C, R] must be positive, got [2, 0, 4]", e.getMessage());
    }
}
