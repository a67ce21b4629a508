package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight-gradient product {@code C[r][q] += Σ_p A[r][p]·B[q][p]} where both operands are read along their
 * contiguous rows (output gradient rows and im2col rows), so neither needs packing. A 3×3 tile of vector
 * accumulators is reduced once per call; every element is summed in a fixed order, whatever the thread split.
 */
final class ConvDot {

    private static final VectorSpecies<Float> F = ConvGemm.F;
    private static final int L = F.length();

    private ConvDot() {}

    /**
     * For {@code r < rows}, {@code q < cols}: {@code c[cOff + r·ldc + q] += Σ_{p<n} a[aOff + r·lda + p] ·
     * b[bOff + q·ldb + p]}.
     */
    static void accumulate(int rows, int cols, int n, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc) {
        int q = 0;
        for (; q + 3 <= cols; q += 3) {
            int r = 0;
            for (; r + 3 <= rows; r += 3) {
                tile3x3(n, a, aOff + r * lda, lda, b, bOff + q * ldb, ldb, c, cOff + r * ldc + q, ldc);
            }
            for (; r < rows; r++) {
                for (int qq = q; qq < q + 3; qq++) {
                    c[cOff + r * ldc + qq] += dot(n, a, aOff + r * lda, b, bOff + qq * ldb);
                }
            }
        }
        for (; q < cols; q++) {
            for (int r = 0; r < rows; r++) {
                c[cOff + r * ldc + q] += dot(n, a, aOff + r * lda, b, bOff + q * ldb);
            }
        }
    }

    private static void tile3x3(int n, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int c0,
                                int ldc) {
        FloatVector s00 = FloatVector.zero(F), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00;
        int a1 = a0 + lda, a2 = a1 + lda, b1 = b0 + ldb, b2 = b1 + ldb;
        int p = 0;
        for (int bound = F.loopBound(n); p < bound; p += L) {
            FloatVector x0 = FloatVector.fromArray(F, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(F, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(F, a, a2 + p);
            FloatVector y = FloatVector.fromArray(F, b, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            y = FloatVector.fromArray(F, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            y = FloatVector.fromArray(F, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
        }
        float t00 = sumLanes(s00), t01 = sumLanes(s01), t02 = sumLanes(s02);
        float t10 = sumLanes(s10), t11 = sumLanes(s11), t12 = sumLanes(s12);
        float t20 = sumLanes(s20), t21 = sumLanes(s21), t22 = sumLanes(s22);
        for (; p < n; p++) {
            float x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p];
            float y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p];
            t00 += x0 * y0;
            t01 += x0 * y1;
            t02 += x0 * y2;
            t10 += x1 * y0;
            t11 += x1 * y1;
            t12 += x1 * y2;
            t20 += x2 * y0;
            t21 += x2 * y1;
            t22 += x2 * y2;
        }
        c[c0] += t00;
        c[c0 + 1] += t01;
        c[c0 + 2] += t02;
        c[c0 + ldc] += t10;
        c[c0 + ldc + 1] += t11;
        c[c0 + ldc + 2] += t12;
        c[c0 + 2 * ldc] += t20;
        c[c0 + 2 * ldc + 1] += t21;
        c[c0 + 2 * ldc + 2] += t22;
    }

    static float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        FloatVector s = FloatVector.zero(F);
        int p = 0;
        for (int bound = F.loopBound(n); p < bound; p += L) {
            s = FloatVector.fromArray(F, a, aOff + p).fma(FloatVector.fromArray(F, b, bOff + p), s);
        }
        float t = sumLanes(s);
        for (; p < n; p++) {
            t += a[aOff + p] * b[bOff + p];
        }
        return t;
    }

    static float sum(int n, float[] a, int off) {
        FloatVector s = FloatVector.zero(F);
        int p = 0;
        for (int bound = F.loopBound(n); p < bound; p += L) {
            s = s.add(FloatVector.fromArray(F, a, off + p));
        }
        float t = sumLanes(s);
        for (; p < n; p++) {
            t += a[off + p];
        }
        return t;
    }

    /**
     * Sum of the lanes in lane order. {@code reduceLanes(ADD)} leaves the order unspecified (the interpreter and the
     * JIT differ), which would break bit-identical results.
     */
    static float sumLanes(FloatVector v) {
        float t = 0f;
        for (int i = 0; i < L; i++) {
            t += v.lane(i);
        }
        return t;
    }
}
