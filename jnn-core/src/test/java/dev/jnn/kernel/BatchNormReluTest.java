package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.jnn.kernel.BatchNormKernelTest.assertClose;
import static dev.jnn.kernel.BatchNormKernelTest.random;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormReluTest {

    private static final int[][] LAYOUTS = BatchNormKernelTest.LAYOUTS;

    private static int positives(float[] y) {
        int k = 0;
        for (float v : y) {
            k += v > 0f ? 1 : 0;
        }
        return k;
    }

    @Test
    void forwardAndBackwardMatchTheReference() {
        Random rnd = new Random(11);
        for (int[] d : LAYOUTS) {
            var s = new BatchNormKernel.Layout(d[0], d[1], d[2]);
            float[] x = random(rnd, s.size(), 0.5f, 30f);
            float[] gamma = random(rnd, s.c(), 1f, 0.5f);
            float[] beta = random(rnd, s.c(), 0.5f, 0f);
            float[] g = random(rnd, s.size(), 1f, 0.1f);
            for (float[] addend : new float[][] {null, random(rnd, s.size(), 1f, 0f)}) {
                String at = "layout " + java.util.Arrays.toString(d) + (addend == null ? "" : " with addend");
                float[][] ref = {new float[s.size()], new float[s.c()], new float[s.c()], new float[s.c()]};
                float[][] fast = {new float[s.size()], new float[s.c()], new float[s.c()], new float[s.c()]};
                BatchNormReluReference.forwardTrain(s, x, gamma, beta, 1e-5f, addend, ref[0], ref[1], ref[2], ref[3]);
                BatchNormKernel.forwardTrainRelu(s, x, gamma, beta, 1e-5f, addend, fast[0], fast[1], fast[2],
                        fast[3]);
                for (int k = 0; k < 4; k++) {
                    assertClose(ref[k], fast[k], 2e-5, at + " train output " + k);
                }
                int on = positives(ref[0]);
                assertEquals(true, on > 0 && on < s.size(), at + ": the ReLU must clip some outputs and pass others");
                for (boolean batchStatistics : new boolean[] {true, false}) {
                    // both sides read the same saved output, so the ReLU mask is the same
                    float[][] gr = {new float[s.size()], new float[s.c()], new float[s.c()], new float[s.size()]};
                    float[][] gf = {new float[s.size()], new float[s.c()], new float[s.c()], new float[s.size()]};
                    BatchNormReluReference.backward(s, g, ref[0], x, ref[1], ref[3], gamma, batchStatistics, gr[3],
                            gr[0], gr[1], gr[2]);
                    BatchNormKernel.backwardRelu(s, g, ref[0], x, ref[1], ref[3], gamma, batchStatistics, gf[3],
                            gf[0], gf[1], gf[2]);
                    float scale = 0;
                    for (float v : gr[0]) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    for (int i = 0; i < s.size(); i++) {
                        assertEquals(gr[0][i], gf[0][i], 1e-4 * (1 + scale), at + " dx " + batchStatistics + " at " + i);
                    }
                    assertClose(gr[1], gf[1], 1e-4, at + " dgamma");
                    assertClose(gr[2], gf[2], 1e-4, at + " dbeta");
                    assertArrayEquals(gr[3], gf[3], at + " daddend");
                }
                float[] mean = random(rnd, s.c(), 0.2f, 30f);
                float[] var = random(rnd, s.c(), 0.1f, 0.5f);
                float[] yr = new float[s.size()];
                float[] yf = new float[s.size()];
                BatchNormReluReference.forwardEval(s, x, mean, var, gamma, beta, 1e-5f, addend, yr);
                BatchNormKernel.forwardEvalRelu(s, x, mean, var, gamma, beta, 1e-5f, addend, yf);
                assertClose(yr, yf, 2e-5, at + " eval");
            }
        }
    }

    /** The fused kernel does the unfused kernels' arithmetic in their order: the same bits, for 1 and 2 threads. */
    @Test
    void sameBitsAsBatchNormThenAddThenReluForAnyThreadCount() {
        Random rnd = new Random(12);
        var s = new BatchNormKernel.Layout(6, 5, 77);
        int n = s.size(), c = s.c();
        float[] x = random(rnd, n, 2f, 1f);
        float[] g = random(rnd, n, 1f, 0f);
        float[] addend = random(rnd, n, 1f, 0f);
        float[] gamma = random(rnd, c, 1f, 1f);
        float[] beta = random(rnd, c, 1f, 0f);
        int before = Parallel.threads();
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                for (float[] add : new float[][] {null, addend}) {
                    // unfused: batch norm, add, ReLU; ReLU backward, batch norm backward
                    float[] y0 = new float[n];
                    float[] m0 = new float[c], v0 = new float[c], i0 = new float[c];
                    BatchNormKernel.forwardTrain(s, x, gamma, beta, 1e-5f, y0, m0, v0, i0);
                    if (add != null) {
                        Elementwise.binary(BinaryOp.ADD, y0, 0, add, 0, y0, 0, n);
                    }
                    Elementwise.unary(UnaryOp.RELU, y0, 0, y0, 0, n);
                    float[] gm0 = new float[n];
                    ReluKernel.backward(y0, 0, g, 0, gm0, 0, n);
                    float[] gx0 = new float[n], gg0 = new float[c], gb0 = new float[c];
                    BatchNormKernel.backward(s, gm0, x, m0, i0, gamma, true, gx0, gg0, gb0);
                    // fused
                    float[] y1 = new float[n];
                    float[] m1 = new float[c], v1 = new float[c], i1 = new float[c];
                    BatchNormKernel.forwardTrainRelu(s, x, gamma, beta, 1e-5f, add, y1, m1, v1, i1);
                    float[] gm1 = new float[n], gx1 = new float[n], gg1 = new float[c], gb1 = new float[c];
                    BatchNormKernel.backwardRelu(s, g, y1, x, m1, i1, gamma, true, gm1, gx1, gg1, gb1);
                    String at = t + " threads" + (add == null ? "" : ", with addend");
                    assertArrayEquals(y0, y1, at + " y");
                    assertArrayEquals(gm0, gm1, at + " masked gradient");
                    assertArrayEquals(gx0, gx1, at + " dx");
                    assertArrayEquals(gg0, gg1, at + " dgamma");
                    assertArrayEquals(gb0, gb1, at + " dbeta");
                    float[] gx2 = new float[n], gg2 = new float[c], gb2 = new float[c];
                    BatchNormKernel.backwardRelu(s, g, y1, x, m1, i1, gamma, true, null, gx2, gg2, gb2);
                    assertArrayEquals(gx0, gx2, at + " dx, the masked gradient held in dx");
                    assertArrayEquals(gg0, gg2, at + " dgamma, the masked gradient held in dx");
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
