package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiply, {@code C = alpha·op(A)·op(B) + beta·C}, row-major, with the transposed variants
 * backpropagation needs (A·B, Aᵀ·B, A·Bᵀ, Aᵀ·Bᵀ) read in place, never materialized.
 *
 * <p>{@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n; {@code lda}, {@code ldb}, {@code ldc} are the row strides
 * of A, B and C as stored. Rows of C are split over {@link Parallel#threads()} threads.
 */
public final class Gemm {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        checkBounds(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        long work = (long) m * n * Math.max(k, 1);
        int grain = work < 65_536 ? m : Math.max(1, m / Math.max(1, Parallel.threads()));
        Parallel.forRange(m, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                scaleRow(c, cOff + i * ldc, n, beta);
                for (int p = 0; p < k; p++) {
                    float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    if (transB) {
                        axpyStrided(av, b, bOff + p, ldb, c, cOff + i * ldc, n);
                    } else {
                        axpy(av, b, bOff + p * ldb, c, cOff + i * ldc, n);
                    }
                }
            }
        });
    }

    private static void scaleRow(float[] c, int off, int n, float beta) {
        if (beta == 0f) {
            java.util.Arrays.fill(c, off, off + n, 0f);
        } else if (beta != 1f) {
            for (int j = 0; j < n; j++) {
                c[off + j] *= beta;
            }
        }
    }

    private static void axpy(float s, float[] x, int xOff, float[] y, int yOff, int n) {
        int j = 0;
        FloatVector sv = FloatVector.broadcast(F, s);
        for (int bound = F.loopBound(n); j < bound; j += F.length()) {
            FloatVector yv = FloatVector.fromArray(F, y, yOff + j);
            FloatVector.fromArray(F, x, xOff + j).fma(sv, yv).intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            y[yOff + j] += s * x[xOff + j];
        }
    }

    private static void axpyStrided(float s, float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += s * x[xOff + j * stride];
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
