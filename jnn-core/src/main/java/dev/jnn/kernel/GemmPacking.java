package dev.jnn.kernel;

import static dev.jnn.kernel.GemmMicroKernel.MR;
import static dev.jnn.kernel.GemmMicroKernel.NR;
import static dev.jnn.kernel.GemmMicroKernel.V;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the panel layout {@link GemmMicroKernel} reads with unit stride.
 *
 * <p>A block of op(A) (mc×kc) becomes ⌈mc/MR⌉ micro-panels, each kc steps of MR values (one column of the panel per
 * step); a block of op(B) (kc×nc) becomes ⌈nc/NR⌉ micro-panels, each kc steps of NR values (one row per step).
 * Rows or columns past the matrix edge are zero, so the kernel always works on full tiles. Packing is where the
 * transposes are absorbed: the kernel never knows whether A or B was stored transposed.
 */
final class GemmPacking {

    private GemmPacking() {}

    /** Floats needed to pack an mc×kc block of A. */
    static int aSize(int mc, int kc) {
        return ceilDiv(mc, MR) * MR * kc;
    }

    /** Floats needed to pack a kc×nc block of B. */
    static int bSize(int kc, int nc) {
        return ceilDiv(nc, NR) * NR * kc;
    }

    /**
     * Packs rows {@code [i0, i0+mc)} and columns {@code [p0, p0+kc)} of op(A) into {@code dst} from {@code d}, where
     * op(A)(i, p) is {@code a[aOff + i·lda + p]}, or {@code a[aOff + p·lda + i]} when {@code transA}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst,
                      int d) {
        for (int ir = 0; ir < mc; ir += MR) {
            packAPanel(transA, a, aOff, lda, i0 + ir, Math.min(MR, mc - ir), p0, kc, dst, d + ir * kc);
        }
    }

    /** Packs one micro-panel of A: {@code rows ≤ MR} rows from {@code i0}, zero-padded to MR, at {@code dst[d..]}. */
    static void packAPanel(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
                           float[] dst, int d) {
        if (transA) {
            // Each step's MR values are contiguous in a row of the stored Aᵀ.
            int src = aOff + p0 * lda + i0;
            if (rows == MR) {
                // Plain copies (a loop of constant length, unrolled): cheaper than an arraycopy call for so few values.
                for (int p = 0; p < kc; p++, src += lda, d += MR) {
                    for (int r = 0; r < MR; r++) {
                        dst[d + r] = a[src + r];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++, src += lda, d += MR) {
                    System.arraycopy(a, src, dst, d, rows);
                    Arrays.fill(dst, d + rows, d + MR, 0f);
                }
            }
        } else {
            int done = rows == MR && MR == 8 && V == 16
                    ? EightRowTranspose.pack(a, aOff + i0 * lda + p0, lda, kc, dst, d) : 0;
            // Walk each stored row contiguously, writing with stride MR (the steps the transpose left).
            for (int r = 0; r < MR; r++) {
                if (r < rows) {
                    int src = aOff + (i0 + r) * lda + p0;
                    for (int p = done; p < kc; p++) {
                        dst[d + p * MR + r] = a[src + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [p0, p0+kc)} and columns {@code [j0, j0+nc)} of op(B) into {@code dst} from {@code d}, where
     * op(B)(p, j) is {@code b[bOff + p·ldb + j]}, or {@code b[bOff + j·ldb + p]} when {@code transB}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst,
                      int d) {
        for (int jr = 0; jr < nc; jr += NR) {
            packBPanel(transB, b, bOff, ldb, p0, kc, j0 + jr, Math.min(NR, nc - jr), dst, d + jr * kc);
        }
    }

    /** Packs one micro-panel of B: {@code cols ≤ NR} columns from {@code j0}, zero-padded to NR, at dst[d..]. */
    static void packBPanel(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
                           float[] dst, int d) {
        if (transB) {
            // Each stored row of Bᵀ is one column of the panel: read it contiguously, write with stride NR.
            for (int col = 0; col < NR; col++) {
                if (col < cols) {
                    int src = bOff + (j0 + col) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * NR + col] = b[src + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * NR + col] = 0f;
                    }
                }
            }
        } else {
            // Plain copies, not vectors: System.arraycopy is fast even before the JIT's top tier has compiled
            // this method, whereas Vector API code is very slow until then.
            int src = bOff + p0 * ldb + j0;
            if (cols == NR) {
                copyRows(b, src, ldb, kc, dst, d);
                return;
            }
            for (int p = 0; p < kc; p++, src += ldb, d += NR) {
                System.arraycopy(b, src, dst, d, cols);
                if (cols < NR) {
                    Arrays.fill(dst, d + cols, d + NR, 0f);
                }
            }
        }
    }

    /**
     * Copies {@code rows} rows of NR floats, {@code ld} apart, into consecutive NR-float rows: two vectors per row,
     * where an arraycopy call per 16 floats cost about as much as the copy itself.
     */
    private static void copyRows(float[] src, int s, int ld, int rows, float[] dst, int d) {
        for (int p = 0; p < rows; p++, s += ld, d += NR) {
            FloatVector.fromArray(GemmMicroKernel.F, src, s).intoArray(dst, d);
            FloatVector.fromArray(GemmMicroKernel.F, src, s + GemmMicroKernel.V).intoArray(dst, d + GemmMicroKernel.V);
        }
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
