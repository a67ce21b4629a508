package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.MR;
import static dev.jnn.kernel.GemmMicroKernel.NR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The four-row tile must give each element exactly the bits the full MR-row tile gives it (Conv2dImplicit mixes both
 * in one output and promises results fixed by the shape), and must leave every other element of C alone.
 */
class GemmMicroKernelTest {

    @Test
    void fourRowTileMatchesTheFullTileBitForBit() {
        Random rnd = new Random(5);
        for (int kc : new int[] {1, 3, 17, 144}) {
            for (float[] ab : new float[][] {{1f, 0f}, {1f, 1f}, {0.5f, -2f}}) {
                float[] full = random(rnd, kc * MR), b = random(rnd, kc * NR);
                float[] a4 = new float[kc * 4];
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(full, p * MR, a4, p * 4, 4);
                }
                int ldc = NR + 3;
                float[] c0 = random(rnd, MR * ldc + 2);
                float[] whole = c0.clone(), four = c0.clone(), edge = c0.clone();
                GemmMicroKernel.tile(kc, full, 0, b, 0, ab[0], ab[1], whole, 2, ldc);
                GemmMicroKernel.tile4(kc, a4, 0, b, 0, ab[0], ab[1], four, 2, ldc);
                int nr = NR - 5;
                GemmMicroKernel.edgeTile4(kc, a4, 0, b, 0, ab[0], ab[1], edge, 2, ldc, nr, new float[MR * NR]);
                for (int i = 0; i < c0.length; i++) {
                    int r = (i - 2) / ldc, j = (i - 2) % ldc;
                    boolean inTile = i >= 2 && r < 4 && j < NR;
                    assertEquals(Float.floatToIntBits(inTile ? whole[i] : c0[i]), Float.floatToIntBits(four[i]),
                            "tile4 kc=" + kc + " element " + i);
                    boolean inEdge = inTile && j < nr;
                    assertEquals(Float.floatToIntBits(inEdge ? whole[i] : c0[i]), Float.floatToIntBits(edge[i]),
                            "edgeTile4 kc=" + kc + " element " + i);
                }
            }
        }
    }

    @Test
    void sixRowTileMatchesTheFirstSixRowsOfTheFullTileBitForBit() {
        Random rnd = new Random(6);
        for (int kc : new int[] {1, 5, 144}) {
            float[] a = random(rnd, kc * MR), b = random(rnd, kc * NR);
            int ldc = NR + 1;
            float[] c0 = random(rnd, MR * ldc);
            float[] whole = c0.clone(), six = c0.clone();
            GemmMicroKernel.tile(kc, a, 0, b, 0, 0.5f, 1.5f, whole, 0, ldc);
            GemmMicroKernel.tile6(kc, a, 0, b, 0, 0.5f, 1.5f, six, 0, ldc);
            for (int i = 0; i < c0.length; i++) {
                boolean inSix = i / ldc < 6 && i % ldc < NR;
                assertEquals(Float.floatToIntBits(inSix ? whole[i] : c0[i]), Float.floatToIntBits(six[i]),
                        "tile6 kc=" + kc + " element " + i);
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
