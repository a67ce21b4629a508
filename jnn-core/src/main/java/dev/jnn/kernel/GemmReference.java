package dev.jnn.kernel;

/**
 * Plain triple-loop single-precision GEMM, the reference that {@link Gemm} is tested against.
 *
 * <p>Computes {@code C = alpha·op(A)·op(B) + beta·C} on row-major matrices, where {@code op(X)} is {@code X} or its
 * transpose. {@code op(A)} is m×k, {@code op(B)} is k×n, C is m×n. Leading dimensions are the row strides of the
 * matrices as stored (before the transpose). Accumulates in double so that it is a trustworthy reference.
 */
public final class GemmReference {

    private GemmReference() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += (double) av * bv;
                }
                int ci = cOff + i * ldc + j;
                float old = beta == 0f ? 0f : beta * c[ci];
                c[ci] = (float) (alpha * sum + old);
            }
        }
    }
}
