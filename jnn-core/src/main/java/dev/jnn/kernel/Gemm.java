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
 * ({@link GemmPacking}, which also absorbs the transposes), and {@link GemmMicroKernel} computes MR×(2 vectors) tiles
 * of C with all accumulators in registers; {@link GemmBlocked} runs the loops around it. Depth blocks of
 * {@link GemmBlocked#KC} keep an A micro-panel in L1 while it sweeps a block of B kept in L2; the deeper the blocks,
 * the fewer rows and columns those blocks hold, so that they still fit.
 *
 * <p>How the threads share the work: C's larger dimension is cut into runs of tiles, which the threads claim one at
 * a time ({@link GemmRunLedger}), large runs first and single tiles at the end (a thread preempted by the machine
 * just takes fewer, and the threads finish together). Each thread packs the operand all runs need, op(B) when rows
 * are split and op(A) when columns are, for itself, and its own runs' part of the other operand: on the two cores
 * measured, reading panels the other core had just packed cost more than packing them again (see
 * {@link GemmBlocked}). An operand too big for the threads' copies to fit in L3 (2048² and up) is instead taken a
 * group of depth blocks at a time, each group packed once by all threads together ({@link GemmBlocked.Limits}).
 *
 * <p>Results are bit-identical for any thread count: every element sums its products in an order fixed by k alone.
 */
public final class Gemm {

    /**
     * Below this many multiply-adds (about 25 µs on one core) one thread does the whole product. Even with the
     * spinning pool, 2^18 and 2^16 were measured no faster on 80³, 100³ and 64×128×64: for so little work the second
     * thread's share does not pay for the hand-over and for packing in two caches.
     */
    static final long PARALLEL_MIN_WORK = 1L << 20;

    private Gemm() {}

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
        sgemm(maxThreads, GemmBlocked.Limits.DEFAULT, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    /** {@link #sgemm} with the packing limits given (tests use small ones). */
    static void sgemm(int maxThreads, GemmBlocked.Limits limits, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        checkBounds(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        run(maxThreads, limits, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                null);
    }

    /**
     * A dense layer's forward product, {@code C = act(op(A)·op(B) + bias)} with {@code act} IDENTITY or RELU and
     * {@code bias} (n values from {@code biasOff}) null for none: the product adds the bias and applies the activation
     * to each tile of C as its last depth block writes it, while it is still in cache, instead of a second sweep over
     * C. The result is bit-identical to {@link #sgemm} (alpha 1, beta 0) followed by {@link LinearEpilogue#forward}.
     *
     * @throws IllegalArgumentException for another activation, or as {@link #sgemm} and for a bias array too short
     */
    public static void linear(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float[] bias, int biasOff, UnaryOp act,
                              float[] c, int cOff, int ldc) {
        linear(Parallel.threads(), transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, act, c, cOff,
                ldc);
    }

    /** {@link #linear} on at most {@code maxThreads} threads. */
    static void linear(int maxThreads, boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
                       int lda, float[] b, int bOff, int ldb, float[] bias, int biasOff, UnaryOp act,
                       float[] c, int cOff, int ldc) {
        if (act != UnaryOp.IDENTITY && act != UnaryOp.RELU) {
            throw new IllegalArgumentException("gemm linear: activation " + act + " is not fused into the product;"
                    + " use IDENTITY or RELU, or sgemm followed by LinearEpilogue.forward");
        }
        checkBounds(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (bias != null && (biasOff < 0 || (long) biasOff + n > bias.length)) {
            throw new IllegalArgumentException("gemm linear: bias needs " + n + " values from offset " + biasOff
                    + " but the array holds " + bias.length);
        }
        // No bias and no activation: nothing to run on the tiles.
        var epilogue = bias == null && act == UnaryOp.IDENTITY ? null
                : new GemmBlocked.Epilogue(bias, biasOff, act == UnaryOp.RELU);
        if (m > 0 && n > 0 && k == 0 && epilogue != null) {
            scale(m, n, 0f, c, cOff, ldc);
            epilogue.apply(c, cOff, ldc, m, n, 0);
            return;
        }
        run(maxThreads, GemmBlocked.Limits.DEFAULT, transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f,
                c, cOff, ldc, epilogue);
    }

    private static void run(int maxThreads, GemmBlocked.Limits limits, boolean transA, boolean transB,
                            int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                            GemmBlocked.Epilogue epilogue) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        var pr = new GemmBlocked.Product(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                ldc, epilogue);
        long work = (long) m * n * k;
        int rowTiles = GemmPacking.ceilDiv(m, MR);
        int colTiles = GemmPacking.ceilDiv(n, NR);
        // Split C's larger dimension over the threads and share the other operand, packed once: splitting rows
        // shares op(B), splitting columns shares op(A). Splits fall on tile borders.
        boolean splitRows = m >= n ? rowTiles >= 2 : colTiles < 2;
        int tiles = splitRows ? rowTiles : colTiles;
        int parts = work < PARALLEL_MIN_WORK ? 1 : Math.min(Math.min(maxThreads, Parallel.threads()), tiles);
        if (splitRows) {
            GemmBlocked.splitRows(pr, parts, rowTiles, limits);
        } else {
            GemmBlocked.splitColumns(pr, parts, colTiles, limits);
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
