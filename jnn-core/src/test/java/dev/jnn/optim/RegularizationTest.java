package dev.jnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegularizationTest {

    @Test
    void penaltyValuesByHand() {
        float[] w = {1f, -2f, 0f, 0.5f};
        assertEquals(0.1 * 3.5, Regularizer.l1(0.1).penalty(w, 0, 4), 1e-9);
        assertEquals(0.01 * 5.25, Regularizer.l2(0.01).penalty(w, 0, 4), 1e-9);
        assertEquals(0.1 * 3.5 + 0.01 * 5.25, Regularizer.l1l2(0.1, 0.01).penalty(w, 0, 4), 1e-9);
        assertEquals(0.1 * 2.0, Regularizer.l1(0.1).penalty(w, 1, 2), 1e-9);   // |−2| + |0|
    }

    @Test
    void gradientMatchesFiniteDifferencesOfThePenalty() {
        Random rnd = new Random(5);
        int n = 41;                              // vector loop and tail
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        for (Regularizer r : List.of(Regularizer.l1(0.3), Regularizer.l2(0.2), Regularizer.l1l2(0.05, 0.7))) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = 0.25f;                    // gradient is added, not assigned
            }
            r.addGradient(w, 0, g, 0, n);
            for (int i = 0; i < n; i++) {
                double h = 1e-3;
                double numeric = (penaltyDouble(r, w, i, h) - penaltyDouble(r, w, i, -h)) / (2 * h);
                assertEquals(numeric + 0.25, g[i], 1e-5 * (1 + Math.abs(numeric)), r + " element " + i);
            }
        }
    }

    /** The penalty in double with element {@code i} moved by {@code h}. */
    private static double penaltyDouble(Regularizer r, float[] w, int i, double h) {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            double x = w[j] + (j == i ? h : 0);
            s += r.l1() * Math.abs(x) + r.l2() * x * x;
        }
        return s;
    }

    @Test
    void l1SubgradientAtZeroIsZero() {
        float[] w = new float[20];
        float[] g = new float[20];
        Regularizer.l1(1).addGradient(w, 0, g, 0, 20);
        assertArrayEquals(new float[20], g);
    }

    @Test
    void clipByGlobalNormScalesAllGradientsAndReturnsTheNormBefore() {
        var a = Param.of("a", 0f, 0f);
        var b = Param.of("b", 0f);
        var frozen = Param.of("c", 0f).frozen();
        a.setGrads(3f, 0f);
        b.setGrads(4f);
        frozen.setGrads(100f);
        double norm = GradientClipping.clipByGlobalNorm(List.of(a, b, frozen), 1.0);
        assertEquals(5.0, norm, 1e-9);
        assertArrayEquals(new float[] {0.6f, 0f}, a.grads(), 1e-7f);
        assertArrayEquals(new float[] {0.8f}, b.grads(), 1e-7f);
        assertArrayEquals(new float[] {100f}, frozen.grads());
        assertEquals(1.0, GradientClipping.globalNorm(List.of(a, b)), 1e-6);
        // under the limit: unchanged
        assertEquals(1.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 2.0), 1e-6);
        assertArrayEquals(new float[] {0.6f, 0f}, a.grads(), 1e-7f);
    }

    @Test
    void globalNormOfABigArrayMatchesDouble() {
        Random rnd = new Random(9);
        int n = 100_003;
        var p = Param.of("w", new float[n]);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p.grads()[i] = (float) rnd.nextGaussian();
            sum += (double) p.grads()[i] * p.grads()[i];
        }
        assertEquals(Math.sqrt(sum), GradientClipping.globalNorm(List.of(p)), 1e-5 * Math.sqrt(sum));
    }

    @Test
    void clipByValueClampsEachElement() {
        var p = Param.of("w", new float[19]);
        for (int i = 0; i < 19; i++) {
            p.grads()[i] = i - 9;
        }
        GradientClipping.clipByValue(List.of(p), 2.5);
        for (int i = 0; i < 19; i++) {
            assertEquals(Math.max(-2.5, Math.min(2.5, i - 9)), p.grads()[i], 0, "element " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByValue(List.of(p), 0));
    }

    @Test
    void maxNormOnDenseWeightsRenormalizesEachOutputColumn() {
        // [in=2, out=3] row-major: columns (3,4) norm 5, (0.3,0.4) norm 0.5, (0,2) norm 2
        float[] w = {3f, 0.3f, 0f, 4f, 0.4f, 2f};
        new MaxNorm(1.0).apply(w, 0, new int[] {2, 3});
        assertArrayEquals(new float[] {0.6f, 0.3f, 0f, 0.8f, 0.4f, 1f}, w, 1e-6f);
    }

    @Test
    void maxNormOnWideDenseMatchesPerColumnDouble() {
        Random rnd = new Random(11);
        int in = 7, out = 37;
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextGaussian() * (i % 3));
        }
        float[] before = w.clone();
        new MaxNorm(2.0).apply(Param.shaped("d", w, in, out));
        for (int j = 0; j < out; j++) {
            double norm = 0;
            for (int r = 0; r < in; r++) {
                norm += (double) before[r * out + j] * before[r * out + j];
            }
            norm = Math.sqrt(norm);
            double f = norm > 2 ? 2 / norm : 1;
            for (int r = 0; r < in; r++) {
                assertEquals(before[r * out + j] * f, w[r * out + j], 1e-5, "column " + j);
            }
        }
    }

    @Test
    void maxNormOnConvKernelsRenormalizesEachFilter() {
        // [outC=2, inC=1, kh=1, kw=2]: filter 0 = (6, 8) norm 10, filter 1 = (0.1, 0.1)
        float[] w = {6f, 8f, 0.1f, 0.1f};
        new MaxNorm(5.0).apply(w, 0, new int[] {2, 1, 1, 2});
        assertArrayEquals(new float[] {3f, 4f, 0.1f, 0.1f}, w, 1e-6f);
        // the same array read as Dense [2, 2] with explicit FIRST axis: rows are units
        float[] d = {6f, 8f, 0.1f, 0.1f};
        new MaxNorm(5.0, MaxNorm.UnitAxis.FIRST).apply(d, 0, new int[] {2, 2});
        assertArrayEquals(new float[] {3f, 4f, 0.1f, 0.1f}, d, 1e-6f);
    }
}
