package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked multiply at the heart of the convolution: {@code C[MR×NR] = bias + A·B} for one packed panel
 * of A (MR rows, interleaved per k: {@code a[k·MR + r]}) and one packed panel of B (NR columns, interleaved per k:
 * {@code b[k·NR + j]}). Convolution packs its operands straight into these layouts (im2col writes B panels), so no
 * separate column matrix is ever materialized.
 *
 * <p>MR = 4 rows × NR = 3 vectors keeps 12 accumulators, 3 B vectors and a broadcast in 16 vector registers (AVX2);
 * the summation order of every element is fixed (k ascending), so results never depend on how work was split.
 */
final class ConvGemm {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();
    static final int MR = 4;
    static final int NR = 3 * L;

    private ConvGemm() {}

    /** Packs rows {@code [r0, r0+rows)} of row-major {@code m} (row stride {@code ld}, k columns) into MR-panels. */
    static void packA(float[] m, int off, int ld, int rows, int k, float[] dst, int dstOff) {
        for (int p = 0; p < rows; p += MR) {
            int base = dstOff + (p / MR) * k * MR;
            int valid = Math.min(MR, rows - p);
            for (int r = 0; r < MR; r++) {
                if (r < valid) {
                    int src = off + (p + r) * ld;
                    for (int kk = 0; kk < k; kk++) {
                        dst[base + kk * MR + r] = m[src + kk];
                    }
                } else {
                    for (int kk = 0; kk < k; kk++) {
                        dst[base + kk * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /** Packs the transpose of row-major {@code m} ({@code k} rows × {@code cols} columns, row stride {@code ld}). */
    static void packATransposed(float[] m, int off, int ld, int k, int cols, float[] dst, int dstOff) {
        for (int p = 0; p < cols; p += MR) {
            int base = dstOff + (p / MR) * k * MR;
            int valid = Math.min(MR, cols - p);
            for (int kk = 0; kk < k; kk++) {
                int src = off + kk * ld + p;
                int d = base + kk * MR;
                for (int r = 0; r < MR; r++) {
                    dst[d + r] = r < valid ? m[src + r] : 0f;
                }
            }
        }
    }

    /** Packs columns {@code [n0, n0+count)} of row-major {@code m} ({@code k} rows, stride {@code ld}) into NR-panels. */
    static void packB(float[] m, int off, int ld, int k, int n0, int count, float[] dst) {
        for (int t = 0; t * NR < count; t++) {
            int cols = Math.min(NR, count - t * NR);
            int base = t * k * NR;
            for (int kk = 0; kk < k; kk++) {
                int src = off + kk * ld + n0 + t * NR;
                int d = base + kk * NR;
                System.arraycopy(m, src, dst, d, cols);
                if (cols < NR) {
                    java.util.Arrays.fill(dst, d + cols, d + NR, 0f);
                }
            }
        }
    }

    /**
     * {@code C[rows×count] = bias + A·B} for MR-packed A ({@code rows} rows) and NR-packed B ({@code count} columns),
     * both with inner dimension {@code k}; C row-major with row stride {@code ldc}.
     */
    static void multiply(int rows, int count, int k, float[] a, int aOff, float[] b, float[] c, int cOff, int ldc,
                         float[] bias, int biasOff) {
        int mPanels = panels(rows, MR);
        for (int t = 0; t * NR < count; t++) {
            int cols = Math.min(NR, count - t * NR);
            for (int mp = 0; mp < mPanels; mp++) {
                int r0 = mp * MR;
                kernel(k, a, aOff + r0 * k, b, t * k * NR, c, cOff + r0 * ldc + t * NR, ldc, Math.min(MR, rows - r0),
                        cols, bias, biasOff + r0);
            }
        }
    }

    static int panels(int n, int size) {
        return (n + size - 1) / size;
    }

    /**
     * {@code c[r·ldc + j] = bias[r] + Σ_k a[k·MR + r]·b[k·NR + j]} for {@code r < rows}, {@code j < cols}; bias
     * (from {@code bias[biasOff + r]}) may be null.
     */
    static void kernel(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, int rows,
                       int cols, float[] bias, int biasOff) {
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        if (bias == null) {
            c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = FloatVector.zero(F);
        } else {
            c00 = c01 = c02 = FloatVector.broadcast(F, bias[biasOff]);
            c10 = c11 = c12 = FloatVector.broadcast(F, rows > 1 ? bias[biasOff + 1] : 0f);
            c20 = c21 = c22 = FloatVector.broadcast(F, rows > 2 ? bias[biasOff + 2] : 0f);
            c30 = c31 = c32 = FloatVector.broadcast(F, rows > 3 ? bias[biasOff + 3] : 0f);
        }
        int ai = aOff, bi = bOff;
        for (int kk = 0; kk < k; kk++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(F, a[ai]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            FloatVector a1 = FloatVector.broadcast(F, a[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            FloatVector a2 = FloatVector.broadcast(F, a[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            c22 = b2.fma(a2, c22);
            FloatVector a3 = FloatVector.broadcast(F, a[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            c32 = b2.fma(a3, c32);
        }
        if (cols == NR) {
            store3(c00, c01, c02, c, cOff);
            if (rows > 1) {
                store3(c10, c11, c12, c, cOff + ldc);
            }
            if (rows > 2) {
                store3(c20, c21, c22, c, cOff + 2 * ldc);
            }
            if (rows > 3) {
                store3(c30, c31, c32, c, cOff + 3 * ldc);
            }
        } else {
            storePartial(c00, c01, c02, c, cOff, cols);
            if (rows > 1) {
                storePartial(c10, c11, c12, c, cOff + ldc, cols);
            }
            if (rows > 2) {
                storePartial(c20, c21, c22, c, cOff + 2 * ldc, cols);
            }
            if (rows > 3) {
                storePartial(c30, c31, c32, c, cOff + 3 * ldc, cols);
            }
        }
    }

    private static void store3(FloatVector v0, FloatVector v1, FloatVector v2, float[] c, int off) {
        v0.intoArray(c, off);
        v1.intoArray(c, off + L);
        v2.intoArray(c, off + 2 * L);
    }

    private static void storePartial(FloatVector v0, FloatVector v1, FloatVector v2, float[] c, int off, int cols) {
        storeMasked(v0, c, off, cols);
        storeMasked(v1, c, off + L, cols - L);
        storeMasked(v2, c, off + 2 * L, cols - 2 * L);
    }

    private static void storeMasked(FloatVector v, float[] c, int off, int n) {
        if (n >= L) {
            v.intoArray(c, off);
        } else if (n > 0) {
            v.intoArray(c, off, VectorMask.fromLong(F, (1L << n) - 1));
        }
    }
}
