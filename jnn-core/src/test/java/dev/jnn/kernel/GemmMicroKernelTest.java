package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.MR;
import static dev.jnn.kernel.GemmMicroKernel.NR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The four-row tile must give each element exactly the bits the six-row tile gives it (Conv2dImplicit mixes both
 * in one output and promises results fixed by the shape), and must leave every other element of C alone.
 */
class GemmMicroKernelTest {

    @Test
    void fourRowTileMatchesTheSixRowTileBitForBit() {
        Random rnd = new Random(5);
        for (int kc : new int[] {1, 3, 17, 144}) {
            for (float[] ab : new float[][] {{1f, 0f}, {1f, 1f}, {0.5f, -2f}}) {
                float[] a6 = random(rnd, kc * MR), b = random(rnd, kc * NR);
                float[] a4 = new float[kc * 4];
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a6, p * MR, a4, p * 4, 4);
                }
                int ldc = NR + 3;
                float[] c0 = random(rnd, 6 * ldc + 2);
                float[] six = c0.clone(), four = c0.clone(), edge = c0.clone();
                GemmMicroKernel.tile(kc, a6, 0, b, 0, ab[0], ab[1], six, 2, ldc);
                GemmMicroKernel.tile4(kc, a4, 0, b, 0, ab[0], ab[1], four, 2, ldc);
                int nr = NR - 5;
                GemmMicroKernel.edgeTile4(kc, a4, 0, b, 0, ab[0], ab[1], edge, 2, ldc, nr, new float[MR * NR]);
                for (int i = 0; i < c0.length; i++) {
                    int r = (i - 2) / ldc, j = (i - 2) % ldc;
                    boolean inTile = i >= 2 && r < 4 && j < NR;
                    assertEquals(Float.floatToIntBits(inTile ? six[i] : c0[i]), Float.floatToIntBits(four[i]),
                            "tile4 kc=" + kc + " element " + i);
                    boolean inEdge = inTile && j < nr;
                    assertEquals(Float.floatToIntBits(inEdge ? six[i] : c0[i]), Float.floatToIntBits(edge[i]),
                            "edgeTile4 kc=" + kc + " element " + i);
                }
            }
        }
    }

    @Test
    void fourRowTileComputesTheProduct() {
        Random rnd = new Random(6);
        int kc = 9;
        float[] a = random(rnd, kc * 4), b = random(rnd, kc * NR), c = new float[4 * NR];
        GemmMicroKernel.tile4(kc, a, 0, b, 0, 1f, 0f, c, 0, NR);
        float[] expected = new float[4 * NR];
        for (int r = 0; r < 4; r++) {
            for (int j = 0; j < NR; j++) {
                double sum = 0;
                for (int p = 0; p < kc; p++) {
                    sum += (double) a[p * 4 + r] * b[p * NR + j];
                }
                expected[r * NR + j] = (float) sum;
            }
        }
        assertArrayEquals(expected, c, 1e-4f);
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
