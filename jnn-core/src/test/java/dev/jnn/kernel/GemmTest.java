package dev.jnn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Gemm} against {@link GemmReference}: all transpose variants, odd sizes and sizes around the tile and
 * block edges, offsets and padded leading dimensions, alpha/beta variants, and thread-count independence.
 */
class GemmTest {

    private static final int TILE_M = GemmMicroKernel.MR;
    private static final int TILE_N = GemmMicroKernel.NR;

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void matchesReferenceOnEverySmallShapeAndAllTransposes() {
        Random rnd = new Random(11);
        for (int size = 1; size <= 40; size++) {
            for (int t = 0; t < 4; t++) {
                check(rnd, (t & 1) != 0, (t & 2) != 0, size, size, size, 0.5f, 2f, 0, 0);
            }
        }
        for (int trial = 0; trial < 400; trial++) {
            int t = rnd.nextInt(4);
            check(rnd, (t & 1) != 0, (t & 2) != 0, 1 + rnd.nextInt(40), 1 + rnd.nextInt(40), 1 + rnd.nextInt(40),
                    0.5f, 2f, 0, 0);
        }
    }

    @Test
    void matchesReferenceAroundTileAndBlockEdges() {
        Random rnd = new Random(12);
        int[] ms = {TILE_M - 1, TILE_M, TILE_M + 1, 5 * TILE_M + 1, 47, TILE_M + 6};
        int[] ns = {TILE_N - 1, TILE_N + 1, 3 * TILE_N, GemmBlocked.NC + TILE_N + 3};
        int[] ks = {1, GemmBlocked.KC + 1, 2 * GemmBlocked.KC + 3};
        int combo = 0;
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    // Every transpose variant meets every size, without running the whole product of the lists.
                    int t = combo++ % 4;
                    check(rnd, (t & 1) != 0, (t & 2) != 0, m, n, k, 1f, 0f, 0, 0);
                }
            }
        }
    }

    @Test
    void matchesReferencePastTheRowAndColumnBlocks() {
        Random rnd = new Random(13);
        for (int t = 0; t < 4; t++) {
            check(rnd, (t & 1) != 0, (t & 2) != 0, 7, 2 * GemmBlocked.NC + TILE_N + 3, 5, 1f, 1f, 0, 0);
            check(rnd, (t & 1) != 0, (t & 2) != 0, GemmBlocked.MC + TILE_M + 1, 20, 3, 1f, 1f, 0, 0);
        }
    }

    /** Deep blocks shrink the row units and the B sweeps: products past both, with uneven last ones, at full depth. */
    @Test
    void matchesReferenceWhereDeepBlocksShrinkTheRowUnitsAndSweeps() {
        int kc = GemmBlocked.KC;
        int rows = GemmBlocked.rowUnit(kc);
        int cols = GemmBlocked.sweepColumns(kc);
        assertTrue(rows < GemmBlocked.MC && cols < GemmBlocked.NB, "at full depth both shrink: " + rows + ", " + cols);
        Random rnd = new Random(17);
        for (int t = 0; t < 4; t++) {
            check(rnd, (t & 1) != 0, (t & 2) != 0, 2 * rows + TILE_M + 3, cols + TILE_N + 5, kc, 1f, 0.5f, 0, 0);
        }
    }

    @Test
    void honorsAlphaBetaOffsetsAndPaddedLeadingDimensions() {
        Random rnd = new Random(14);
        float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {-0.5f, 1f}, {2f, -3f}, {0.25f, 0.5f}};
        for (float[] ab : alphaBeta) {
            for (int t = 0; t < 4; t++) {
                check(rnd, (t & 1) != 0, (t & 2) != 0, 29, 37, 300, ab[0], ab[1], 5, 3);
                check(rnd, (t & 1) != 0, (t & 2) != 0, 1, 19, 7, ab[0], ab[1], 2, 11);
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        Random rnd = new Random(15);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            int m = 13, n = 21, k = 9;
            float[] a = random(rnd, m * k);
            float[] b = random(rnd, k * n);
            float[] c = new float[m * n];
            Arrays.fill(c, Float.NaN);
            float[] expected = new float[m * n];
            GemmReference.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, expected, 0, n);
            Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
            for (int i = 0; i < m * n; i++) {
                assertTrue(Float.isFinite(c[i]), "beta=0 over NaN: element " + i + " is " + c[i]);
                assertEquals(expected[i], c[i], 1e-4 * (1 + Math.abs(expected[i])), "beta=0 over NaN at " + i);
            }
        }
    }

    @Test
    void zeroDepthOrZeroAlphaOnlyScalesC() {
        float[] c = {1f, Float.NaN, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, c);
        float[] d = {1f, 2f, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 1, 0f, new float[] {5f, 6f}, 0, 1, new float[] {7f, 8f}, 0, 2, 2f, d, 0, 2);
        assertArrayEquals(new float[] {2f, 4f, 6f, 8f}, d);
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalResults() {
        Random rnd = new Random(16);
        int[][] shapes = {{64, 300, 784}, {97, 61, 530}, {5, 400, 733}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int m = s[0], n = s[1], k = s[2];
                float[] a = random(rnd, m * k);
                float[] b = random(rnd, k * n);
                float[] c0 = random(rnd, m * n);
                float[] c1 = c0.clone();
                Parallel.setThreads(1);
                Gemm.sgemm(ta, tb, m, n, k, 0.7f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0.3f, c0, 0, n);
                Parallel.setThreads(2);
                Gemm.sgemm(ta, tb, m, n, k, 0.7f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0.3f, c1, 0, n);
                assertArrayEquals(c0, c1, "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb);
            }
        }
    }

    @Test
    void oneTwoAndThreeThreadsGiveBitIdenticalResultsAcrossSlabsAndDepthGroups() {
        Random rnd = new Random(18);
        // A slab cap of a few panels forces several slabs, so both operands are re-packed per slab; a small group cap
        // cuts the depth blocks (two of 520 and of 800, three of 1100) into groups that each re-read C.
        int[][] shapes = {{150, 70, 300}, {40, 230, 520}, {13, 9, 40}, {100, 40, 800}, {30, 90, 1100}};
        GemmBlocked.Limits all = GemmBlocked.Limits.DEFAULT;
        GemmBlocked.Limits[] limits = {
            all,
            new GemmBlocked.Limits(3 * 300 * TILE_N, 2080),
            new GemmBlocked.Limits(2 * 520 * TILE_M, 260 * TILE_M),
            new GemmBlocked.Limits(all.slabMax(), 12_000),
            new GemmBlocked.Limits(2 * 1100 * TILE_M, 1100 * TILE_M)
        };
        for (int i = 0; i < shapes.length; i++) {
            int m = shapes[i][0], n = shapes[i][1], k = shapes[i][2];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                float[] a = random(rnd, m * k);
                float[] b = random(rnd, k * n);
                float[] c = random(rnd, m * n);
                float[] expected = c.clone();
                GemmReference.sgemm(ta, tb, m, n, k, 0.7f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0.3f, expected, 0, n);
                float[] first = null;
                for (int threads = 1; threads <= 3; threads++) {
                    Parallel.setThreads(threads);
                    float[] got = c.clone();
                    Gemm.sgemm(threads, limits[i], ta, tb, m, n, k, 0.7f, a, 0, ta ? m : k, b, 0, tb ? k : n,
                            0.3f, got, 0, n);
                    String where = "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb
                            + " threads=" + threads;
                    assertArrayEquals(expected, got, 1e-3f, where);
                    if (first == null) {
                        first = got;
                    } else {
                        assertArrayEquals(first, got, where);
                    }
                }
            }
        }
    }

    @Test
    void aProductCalledFromInsideAParallelLoopRunsOnItsThreadAndFinishes() {
        // The pool runs one loop at a time, so these products run their chunks one after another on one thread:
        // that thread then claims every run, and the later chunks find none left and pack nothing.
        Parallel.setThreads(2);
        Random rnd = new Random(19);
        int m = 120, n = 90, k = 300;
        float[][] a = {random(rnd, m * k), random(rnd, m * k)};
        float[] b = random(rnd, k * n);
        float[][] c = new float[2][m * n];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Parallel.forChunks(2,
                part -> Gemm.sgemm(false, false, m, n, k, 1f, a[part], 0, k, b, 0, n, 0f, c[part], 0, n)));
        for (int part = 0; part < 2; part++) {
            float[] expected = new float[m * n];
            Gemm.sgemm(1, false, false, m, n, k, 1f, a[part], 0, k, b, 0, n, 0f, expected, 0, n);
            assertArrayEquals(expected, c[part], "product " + part);
        }
    }

    @Test
    void leavesEverythingOutsideItsPartOfCUntouched() {
        Random rnd = new Random(17);
        // Edge tiles one vector wide or less (n = 4, 2 + NR) and wider (n = 11 + NR), with and without reading C:
        // their last vector is written through a lane mask, which must not touch the padding beside C.
        int[] ns = {4, 2 + TILE_N, 11 + TILE_N};
        for (int n : ns) {
            for (float beta : new float[] {0f, 1f}) {
                int m = 9, k = 4, ldc = n + 5, cOff = 7;
                float[] a = random(rnd, m * k);
                float[] b = random(rnd, k * n);
                float[] c = new float[cOff + (m - 1) * ldc + n + 5];
                Arrays.fill(c, -42f);
                Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, beta, c, cOff, ldc);
                for (int i = 0; i < c.length; i++) {
                    int rel = i - cOff;
                    boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
                    String where = "n=" + n + " beta=" + beta + ": element " + i;
                    if (!inside) {
                        assertEquals(-42f, c[i], where + " is outside C and must not change");
                    } else {
                        assertTrue(c[i] != -42f, where + " is inside C and must be written");
                    }
                }
            }
        }
    }

    @Test
    void linearIsBitIdenticalToSgemmThenTheEpilogueOnOneAndTwoThreads() {
        Random rnd = new Random(20);
        // Odd sizes, edge tiles one vector wide or less and wider, several depth blocks, both ways of splitting C,
        // every transpose variant, with and without bias.
        int[][] shapes = {{7, 5, 3}, {13, 20, 9}, {64, 300, 784}, {256, 100, 300}, {33, 10, 2 * GemmBlocked.KC + 5},
                {97, 61, 40}};
        int combo = 0;
        for (int[] s : shapes) {
            for (UnaryOp act : new UnaryOp[] {UnaryOp.IDENTITY, UnaryOp.RELU}) {
                for (boolean withBias : new boolean[] {false, true}) {
                    int t = combo++ % 4;
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    int m = s[0], n = s[1], k = s[2];
                    float[] a = random(rnd, m * k);
                    float[] b = random(rnd, k * n);
                    float[] bias = withBias ? random(rnd, n + 3) : null;
                    float[] expected = new float[m * n];
                    Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, expected, 0, n);
                    LinearEpilogue.forward(act, expected, 0, bias, 3, m, n);
                    String where = "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " " + act
                            + (withBias ? " with bias" : "");
                    for (int threads = 1; threads <= 2; threads++) {
                        Parallel.setThreads(threads);
                        float[] got = new float[m * n];
                        Arrays.fill(got, Float.NaN);
                        Gemm.linear(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, bias, 3, act, got, 0, n);
                        assertArrayEquals(expected, got, where + " threads=" + threads);
                    }
                }
            }
        }
    }

    @Test
    void linearWritesOnlyCWithAPaddedRowStride() {
        Random rnd = new Random(21);
        int m = 11, n = 21, k = 30, ldc = n + 4, cOff = 2;
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] bias = random(rnd, n);
        float[] c = new float[cOff + m * ldc];
        Arrays.fill(c, -42f);
        Gemm.linear(false, false, m, n, k, a, 0, k, b, 0, n, bias, 0, UnaryOp.RELU, c, cOff, ldc);
        float[] expected = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, expected, 0, n);
        LinearEpilogue.forward(UnaryOp.RELU, expected, 0, bias, 0, m, n);
        for (int i = 0; i < c.length; i++) {
            int rel = i - cOff;
            boolean inside = rel >= 0 && rel % ldc < n;
            float want = inside ? expected[rel / ldc * n + rel % ldc] : -42f;
            assertEquals(want, c[i], "element " + i + (inside ? " of C" : " beside C"));
        }
    }

    @Test
    void linearWithNoDepthIsTheActivationOfTheBias() {
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.linear(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, new float[] {-1f, 2f}, 0,
                UnaryOp.RELU, c, 0, 2);
        assertArrayEquals(new float[] {0f, 2f, 0f, 2f}, c);
        float[] d = {Float.NaN, Float.NaN};
        Gemm.linear(false, false, 1, 2, 0, new float[0], 0, 1, new float[0], 0, 2, null, 0, UnaryOp.IDENTITY, d, 0,
                2);
        assertArrayEquals(new float[] {0f, 0f}, d);
    }

    @Test
    void linearRejectsActivationsItDoesNotFuseAndShortBiases() {
        var e = assertThrows(IllegalArgumentException.class, () -> Gemm.linear(false, false, 2, 2, 2, new float[4],
                0, 2, new float[4], 0, 2, null, 0, UnaryOp.TANH, new float[4], 0, 2));
        assertEquals("gemm linear: activation TANH is not fused into the product; use IDENTITY or RELU, or sgemm"
                + " followed by LinearEpilogue.forward", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gemm.linear(false, false, 2, 3, 2, new float[4],
                0, 2, new float[6], 0, 3, new float[3], 1, UnaryOp.RELU, new float[6], 0, 3));
        assertEquals("gemm linear: bias needs 3 values from offset 1 but the array holds 3", e.getMessage());
    }

    @Test
    void rejectsArraysTooSmallForTheShape() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16], 0, 4, 0f,
                        new float[16], 0, 4));
        assertEquals("gemm: A (4x4, ld 4, offset 0) needs 16 elements but the array holds 15", e.getMessage());
    }

    @Test
    void rejectsLeadingDimensionShorterThanARow() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, true, 2, 3, 4, 1f, new float[8], 0, 4, new float[12], 0, 3, 0f,
                        new float[6], 0, 3));
        assertEquals("gemm: leading dimension of B is 3 but its rows hold 4 values", e.getMessage());
    }

    /**
     * Runs Gemm and the reference on random operands stored with {@code pad} extra columns per row and
     * {@code off} leading elements, and compares within a bound relative to Σ|a||b| of each element.
     */
    private static void check(Random rnd, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                              int off, int pad) {
        int aRows = ta ? k : m, aCols = ta ? m : k;
        int bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = random(rnd, off + aRows * lda);
        float[] b = random(rnd, off + bRows * ldb);
        float[] c = random(rnd, off + m * ldc);
        float[] expected = c.clone();
        GemmReference.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, expected, off, ldc);
        Gemm.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
        String where = "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " alpha=" + alpha
                + " beta=" + beta + " off=" + off + " pad=" + pad;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double mag = Math.abs(beta * expected[off + i * ldc + j]);
                for (int p = 0; p < k; p++) {
                    float av = ta ? a[off + p * lda + i] : a[off + i * lda + p];
                    float bv = tb ? b[off + j * ldb + p] : b[off + p * ldb + j];
                    mag += Math.abs(alpha * av * bv);
                }
                int at = off + i * ldc + j;
                assertEquals(expected[at], c[at], 1e-6 * (k + 4) * mag + 1e-30, where + " at (" + i + "," + j + ")");
            }
        }
        for (int i = 0; i < c.length; i++) {
            int rel = i - off;
            if (rel < 0 || rel % ldc >= n) {
                assertEquals(expected[i], c[i], where + ": element " + i + " lies outside C but changed");
            }
        }
    }

    static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
