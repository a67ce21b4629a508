package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector transpose must lay out exactly what the plain loop writes: {@code dst[p·ldd + r] = row r, lane p}. */
class SixteenRowTransposeTest {

    @Test
    void transposesABlockExactlyAsThePlainLoopAndWritesNothingElse() {
        Random rnd = new Random(16);
        for (int lda : new int[] {16, 17, 40}) {
            int src = 3, d = 5, ldd = lda == 40 ? 32 : 16;
            float[] a = new float[src + 16 * lda];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextFloat();
            }
            float[] dst = new float[d + 16 * ldd + 2];
            SixteenRowTranspose.block(a, src, lda, dst, d, ldd);
            float[] expected = new float[dst.length];
            for (int p = 0; p < 16; p++) {
                for (int r = 0; r < 16; r++) {
                    expected[d + p * ldd + r] = a[src + r * lda + p];
                }
            }
            assertArrayEquals(expected, dst, "lda=" + lda + " ldd=" + ldd);
        }
    }

    @Test
    void transposesRunsOfAnyLengthExactlyAsThePlainLoop() {
        Random rnd = new Random(17);
        for (int len : new int[] {0, 5, 16, 37}) {
            int lda = len + 2, src = 1, d = 3, ldd = 32;
            float[] a = new float[src + 16 * lda];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextFloat();
            }
            float[] dst = new float[d + len * ldd + 16];
            SixteenRowTranspose.rows(a, src, lda, len, dst, d, ldd);
            float[] expected = new float[dst.length];
            for (int p = 0; p < len; p++) {
                for (int r = 0; r < 16; r++) {
                    expected[d + p * ldd + r] = a[src + r * lda + p];
                }
            }
            assertArrayEquals(expected, dst, "len=" + len);
        }
    }
}
