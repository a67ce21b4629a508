package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector transpose must lay out exactly what the plain loop writes: {@code dst[p·8 + r] = row r, step p}. */
class EightRowTransposeTest {

    @Test
    void packsWholeBlocksOfSixteenStepsExactlyAsThePlainLoopAndLeavesTheRest() {
        Random rnd = new Random(8);
        for (int kc : new int[] {0, 15, 16, 17, 40, 196}) {
            int lda = kc + 3, src = 5, d = 2;
            float[] a = new float[src + 8 * lda];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextFloat();
            }
            float[] dst = new float[d + 8 * kc + 1];
            int done = EightRowTranspose.pack(a, src, lda, kc, dst, d);
            assertEquals(kc / 16 * 16, done, "steps packed for kc=" + kc);
            float[] expected = new float[dst.length];
            for (int p = 0; p < done; p++) {
                for (int r = 0; r < 8; r++) {
                    expected[d + p * 8 + r] = a[src + r * lda + p];
                }
            }
            assertArrayEquals(expected, dst, "kc=" + kc);
        }
    }
}
