package dev.jnn.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializerTest {

    @Test
    void fansOfDenseAndConvolutionKernels() {
        assertEquals(new Fans(784, 300), Fans.of(new int[] {784, 300}));           // Dense [in, out]
        assertEquals(new Fans(6 * 25, 16 * 25), Fans.of(new int[] {16, 6, 5, 5})); // Conv2d [outC, inC, kh, kw]
        assertEquals(new Fans(2 * 9, 8 * 9), Fans.conv(8, 2, 3, 3));               // groups: inC/groups = 2
        assertEquals(new Fans(4 * 7, 3 * 7), Fans.of(new int[] {3, 4, 7}));        // Conv1d
        assertEquals(new Fans(10, 10), Fans.of(new int[] {10}));
        assertEquals(542.0, Fans.dense(784, 300).fanAvg(), 0);
        assertThrows(IllegalArgumentException.class, () -> Fans.of(new int[] {0, 3}));
    }

    @Test
    void varianceScalingFormulas() {
        var f = new Fans(200, 50);
        assertEquals(1.0 / 200, ((VarianceScaling) Initializer.lecunNormal()).variance(f), 1e-15);
        assertEquals(2.0 / 250, ((VarianceScaling) Initializer.glorotUniform()).variance(f), 1e-15);
        assertEquals(2.0 / 200, ((VarianceScaling) Initializer.heNormal()).variance(f), 1e-15);
    }

    /** Sample mean and variance of 40 000 draws within a few standard errors of the formula. */
    @Test
    void sampleVarianceMatchesTheFormula() {
        int in = 400, out = 100;                 // unequal fans tell LeCun, Glorot and He apart
        int[] dims = {in, out};
        double fanAvg = (in + out) / 2.0;
        check(Initializer.lecunNormal(), dims, 1.0 / in);
        check(Initializer.lecunUniform(), dims, 1.0 / in);
        check(Initializer.glorotNormal(), dims, 1.0 / fanAvg);
        check(Initializer.glorotUniform(), dims, 1.0 / fanAvg);
        check(Initializer.heNormal(), dims, 2.0 / in);
        check(Initializer.heUniform(), dims, 2.0 / in);
        check(new VarianceScaling(2, VarianceScaling.FanMode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL),
                dims, 2.0 / in);
        check(Initializer.normal(0, 0.05), dims, 0.05 * 0.05);
        check(Initializer.uniform(-0.3, 0.3), dims, 0.6 * 0.6 / 12);
        check(Initializer.truncatedNormal(0, 0.1), dims, Math.pow(0.1 * TruncatedNormal.STD_OF_TRUNCATED_UNIT, 2));
        // a conv kernel: He normal uses fanIn = inC·kh·kw
        check(Initializer.heNormal(), new int[] {16, 32, 3, 3}, 2.0 / (32 * 9));
    }

    private static void check(Initializer init, int[] dims, double variance) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        float[] w = new float[n];
        init.fill(w, 0, dims, new SplittableRandom(17));
        double mean = 0;
        for (float v : w) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (float v : w) {
            ss += (v - mean) * (v - mean);
        }
        double sampleVar = ss / (n - 1);
        // standard error of a sample variance ≈ σ²·√(2/(n−1)) (normal); uniform has a smaller one; allow 5 of them
        assertEquals(variance, sampleVar, 5 * variance * Math.sqrt(2.0 / (n - 1)), init + " variance");
        assertEquals(0, mean, 5 * Math.sqrt(variance / n), init + " mean");
    }

    @Test
    void uniformBoundsAreRespected() {
        var f = new Fans(30, 70);
        float[] w = new float[100_000];
        Initializer.glorotUniform().fill(w, 0, w.length, f, new SplittableRandom(1));
        double limit = Math.sqrt(6.0 / (30 + 70));               // Glorot's r = √(6/(fanIn + fanOut))
        double max = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= limit, v + " outside ±" + limit);
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.99 * limit, "draws should reach near the bound, max " + max);
        Initializer.uniform(2, 3).fill(w, 0, w.length, f, new Random(4));
        for (float v : w) {
            assertTrue(v >= 2 && v <= 3, v + " outside [2, 3]");
        }
        Initializer.truncatedNormal(1, 0.5).fill(w, 0, w.length, f, new Random(4));
        for (float v : w) {
            assertTrue(v >= 0 && v <= 2, v + " outside 1 ± 2·0.5");
        }
    }

    @Test
    void sameSeedSameWeightsAndOffsetsAreHonored() {
        float[] a = new float[40];
        float[] b = new float[40];
        Initializer.heUniform().fill(a, 5, new int[] {5, 6}, new SplittableRandom(99));
        Initializer.heUniform().fill(b, 5, new int[] {5, 6}, new SplittableRandom(99));
        assertArrayEquals(a, b);
        for (int i = 0; i < 5; i++) {
            assertEquals(0f, a[i]);
        }
        for (int i = 35; i < 40; i++) {
            assertEquals(0f, a[i]);
        }
        float[] c = new float[40];
        Initializer.heUniform().fill(c, 5, new int[] {5, 6}, new SplittableRandom(100));
        assertTrue(!java.util.Arrays.equals(a, c));
    }

    @Test
    void zerosAndConstant() {
        float[] w = {1, 2, 3, 4};
        Initializer.constant(0.5).fill(w, 1, new int[] {2}, new SplittableRandom(0));
        assertArrayEquals(new float[] {1, 0.5f, 0.5f, 4}, w);
        Initializer.zeros().fill(w, 0, new int[] {2, 2}, new SplittableRandom(0));
        assertArrayEquals(new float[4], w);
        assertThrows(IllegalArgumentException.class,
                () -> Initializer.zeros().fill(w, 2, new int[] {3}, new SplittableRandom(0)));
    }
}
