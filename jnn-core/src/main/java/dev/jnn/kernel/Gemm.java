package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.MR;
import static dev.jnn.kernel.GemmMicroKernel.NR;

import java.util.Arrays;

/**
 * Single-precision matrix multiply, {@code C = alpha·op(A)·op(B) + beta·C}, row-major, with the transposed variants
 * backpropagation needs (A·B, Aᵀ·B, A·Bᵀ, Aᵀ·Bᵀ) read in place, never materialized.
 *
 * <p>{@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n; {@code lda}, {@code ldb}, {@code ldc} are the row strides
 * of A, B and C as stored.
 *
 * <p>How it is fast, in the usual BLIS/GotoBLAS scheme: blocks of op(A) and op(B) are copied into panels
 * ({@link GemmPacking}, which also absorbs the transposes), and {@link GemmMicroKernel} computes 6×(2 vectors) tiles
 * of C with all accumulators in registers. Depth blocks of {@link #KC} keep an A micro-panel in L1, column blocks of
 * {@link #NC} keep a packed B block in L2. C is split into {@link Parallel#threads()} parts along whichever of its
 * dimensions makes the threads repeat less packing (columns for a 64-row batch times a wide layer, rows otherwise),
 * each thread packing its own panels into reused thread-local buffers.
 *
 * <p>Results are bit-identical for any thread count: every element sums its products in an order fixed by k alone.
 */
public final class Gemm {

    /** Depth of a packed block: an A micro-panel (MR×KC, 6 KB) stays in L1 while it sweeps a B block. */
    static final int KC = 256;
    /** Rows of op(A) packed at once (about 1 MB of packed A at most, it streams from L3). */
    static final int MC = 1020;
    /** Columns of op(B) packed at once: a KC×NC block (256 KB) stays in L2 while every row panel sweeps it. */
    static final int NC = 256;
    /**
     * Below this many multiply-adds (about 10 µs on one core) one thread does the whole product: waking a pool
     * thread and joining it costs more than it saves.
     */
    static final long PARALLEL_MIN_WORK = 1L << 20;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {}

    /** Per-thread packing buffers, grown on demand and then reused, so steady-state calls allocate nothing. */
    private static final class Workspace {
        float[] packedA = new float[0];
        float[] packedB = new float[0];
        final float[] edge = new float[MR * NR];

        float[] packedA(int size) {
            if (packedA.length < size) {
                packedA = new float[size];
            }
            return packedA;
        }

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C}. With {@code beta == 0} the old contents of C are ignored (NaN included);
     * with {@code alpha == 0} or {@code k == 0}, as in BLAS, A and B are not read and C is only scaled by beta.
     *
     * @param transA whether op(A) = Aᵀ, A then stored k×m
     * @param transB whether op(B) = Bᵀ, B then stored n×k
     * @throws IllegalArgumentException for negative sizes, leading dimensions shorter than a stored row, or arrays
     *                                  too small for the shapes, offsets and strides
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(Parallel.threads(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@link #sgemm} on at most {@code maxThreads} threads; 1 keeps the whole product on the calling thread, for
     * callers that already split their work over the threads (results are the same either way).
     */
    static void sgemm(int maxThreads, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        checkBounds(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        int rowTiles = GemmPacking.ceilDiv(m, MR);
        int colTiles = GemmPacking.ceilDiv(n, NR);
        // Split the dimension whose duplicate packing is cheaper: splitting rows makes every thread pack all of
        // op(B) (k·n), splitting columns makes every thread pack all of op(A) (m·k). Splits fall on tile borders.
        boolean splitRows = m >= n ? rowTiles >= 2 : colTiles < 2;
        int tiles = splitRows ? rowTiles : colTiles;
        int parts = work < PARALLEL_MIN_WORK ? 1 : Math.min(Math.min(maxThreads, Parallel.threads()), tiles);
        if (parts <= 1) {
            blocked(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Parallel.forChunks(parts, part -> {
            int t0 = Parallel.chunkStart(tiles, parts, part);
            int t1 = Parallel.chunkStart(tiles, parts, part + 1);
            if (splitRows) {
                blocked(transA, transB, t0 * MR, Math.min(m, t1 * MR), 0, n, k, alpha,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                blocked(transA, transB, 0, m, t0 * NR, Math.min(n, t1 * NR), k, alpha,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        });
    }

    /**
     * One thread's share: rows {@code [i0, i1)} and columns {@code [j0, j1)} of C. For each depth block, a row block
     * of op(A) is packed (it streams through L1 one micro-panel at a time), then for each column block the packed
     * op(B) block (kc×nc, sized for L2) is swept by every row panel of A, left to right, so that C is written along
     * its rows, which the hardware prefetcher follows. The depth blocking depends on k alone, so every element of C
     * sums its products in the same order whatever the thread count.
     */
    private static void blocked(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc) {
        Workspace ws = WORKSPACE.get();
        int kBlocks = GemmPacking.ceilDiv(k, KC);
        int kcMax = GemmPacking.ceilDiv(k, kBlocks);
        int mcMax = evenBlock(i1 - i0, MC, MR);
        int ncMax = evenBlock(j1 - j0, NC, NR);
        float[] pa = ws.packedA(GemmPacking.aSize(mcMax, kcMax));
        float[] pb = ws.packedB(GemmPacking.bSize(kcMax, ncMax));
        for (int kb = 0; kb < kBlocks; kb++) {
            // Equal depth blocks (784 = 4×196, not 3×256 + 16) keep every block long enough to amortize C.
            int pc = Parallel.chunkStart(k, kBlocks, kb);
            int kc = Parallel.chunkStart(k, kBlocks, kb + 1) - pc;
            float betaNow = kb == 0 ? beta : 1f;
            for (int ic = i0; ic < i1; ic += mcMax) {
                int mc = Math.min(mcMax, i1 - ic);
                GemmPacking.packA(transA, a, aOff, lda, ic, mc, pc, kc, pa);
                for (int jc = j0; jc < j1; jc += ncMax) {
                    int nc = Math.min(ncMax, j1 - jc);
                    GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                    macroTile(kc, mc, nc, pa, pb, alpha, betaNow, c, cOff + ic * ldc + jc, ldc, ws.edge);
                }
            }
        }
    }

    /** The size of near-equal blocks, a multiple of {@code unit} and at most about {@code max}, covering {@code n}. */
    private static int evenBlock(int n, int max, int unit) {
        int blocks = GemmPacking.ceilDiv(n, max);
        return GemmPacking.ceilDiv(GemmPacking.ceilDiv(n, blocks), unit) * unit;
    }

    /** All micro-tiles of a packed mc×kc block of A times a packed kc×nc block of B, row panel by row panel. */
    private static void macroTile(int kc, int mc, int nc, float[] pa, float[] pb, float alpha, float beta,
                                  float[] c, int cBase, int ldc, float[] edge) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int ai = ir * kc;
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int ci = cBase + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    GemmMicroKernel.tile(kc, pa, ai, pb, jr * kc, alpha, beta, c, ci, ldc);
                } else {
                    GemmMicroKernel.edgeTile(kc, pa, ai, pb, jr * kc, alpha, beta, c, ci, ldc, mr, nr, edge);
                }
            }
        }
    }

    /** C = beta·C, with beta = 0 clearing C even where it held NaN. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    static void checkBounds(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        checkMatrix("A", a, aOff, aRows, aCols, lda);
        checkMatrix("B", b, bOff, bRows, bCols, ldb);
        checkMatrix("C", c, cOff, m, n, ldc);
    }

    private static void checkMatrix(String name, float[] x, int off, int rows, int cols, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("gemm: leading dimension of " + name + " is " + ld
                    + " but its rows hold " + cols + " values");
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("gemm: " + name + " (" + rows + "x" + cols + ", ld " + ld
                    + ", offset " + off + ") needs " + last + " elements but the array holds " + x.length);
        }
    }

}
