package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GemmTest {

    @Test
    void matchesReferenceOnOddShapesAndAllTransposes() {
        Random rnd = new Random(7);
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {64, 31, 100}, {5, 129, 2}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int m = s[0], n = s[1], k = s[2];
                float[] a = random(rnd, m * k);
                float[] b = random(rnd, k * n);
                float[] c = random(rnd, m * n);
                float[] expected = c.clone();
                int lda = ta ? m : k;
                int ldb = tb ? k : n;
                GemmReference.sgemm(ta, tb, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 2f, expected, 0, n);
                Gemm.sgemm(ta, tb, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 2f, c, 0, n);
                for (int i = 0; i < c.length; i++) {
                    assertEquals(expected[i], c[i], 1e-4f * (1 + Math.abs(expected[i])),
                            "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " at " + i);
                }
            }
        }
    }

    @Test
    void rejectsArraysTooSmallForTheShape() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16], 0, 4, 0f,
                        new float[16], 0, 4));
        assertEquals("gemm: A (4x4, ld 4, offset 0) needs 16 elements but the array holds 15", e.getMessage());
    }

    static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
