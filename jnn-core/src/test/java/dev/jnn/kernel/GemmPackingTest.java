package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packing a transposed operand must lay out exactly what packing its explicit transpose does. */
class GemmPackingTest {

    @Test
    void transposedBPacksLikeItsExplicitTranspose() {
        Random rnd = new Random(32);
        int nr = GemmMicroKernel.NR;
        // full panels and a partial one; depths below, at and past the transpose's 16 steps, with a remainder
        for (int[] s : new int[][] {{2 * nr + 5, 15}, {nr, 16}, {3 * nr, 40}, {nr + 1, 197}}) {
            int n = s[0], kc = s[1], k = kc + 7, p0 = 3;
            float[] bt = new float[n * k]; // stored transposed: n rows of k
            for (int i = 0; i < bt.length; i++) {
                bt[i] = rnd.nextFloat();
            }
            float[] b = new float[k * n]; // the same op(B), stored plainly
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    b[p * n + j] = bt[j * k + p];
                }
            }
            int size = GemmPacking.bSize(kc, n) + 2;
            float[] fromTransposed = new float[size];
            float[] fromPlain = new float[size];
            GemmPacking.packB(true, bt, 0, k, p0, kc, 0, n, fromTransposed, 2);
            GemmPacking.packB(false, b, 0, n, p0, kc, 0, n, fromPlain, 2);
            assertArrayEquals(fromPlain, fromTransposed, "n=" + n + " kc=" + kc);
        }
    }
}
