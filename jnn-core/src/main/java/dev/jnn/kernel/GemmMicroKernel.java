package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner kernel of {@link Gemm}: one {@link #MR}×{@link #NR} tile of C from a packed A
 * micro-panel (kc steps of MR values) and a packed B micro-panel (kc steps of NR values).
 *
 * <p>The tile's accumulators stay in vector registers for the whole kc loop; each step loads two B vectors,
 * broadcasts MR A values and issues 2·MR independent FMAs, enough to hide the FMA latency on two FMA pipes. On AVX2
 * (MR = 6) the twelve accumulators, two B vectors and one broadcast use 15 of its 16 registers (a 6×16 tile); on
 * AVX-512 (MR = 8) a tile is 8×32.
 * A quick probe on Zen 3 (AVX2, a busy shared machine, thread CPU time) put 6×2 level with 4×3 and 3×4 and ahead
 * of 5×2, while 8×2 (16 accumulators, more than AVX2's registers allow with its operands) came out faster; that
 * shape is worth a careful measurement on a quiet machine before switching.
 *
 * <p>The tile is written back as {@code C = alpha·acc + beta·C} (fused, {@code beta == 0} ignores C), so the same
 * element gets the same rounding whether it sits in a full tile or in an edge tile handled by {@link #edgeTile}.
 */
final class GemmMicroKernel {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int V = F.length();
    /**
     * Rows of a tile: 8 where the vectors are 16 floats (AVX-512, whose 32 registers hold the 16 accumulators, the
     * two B vectors and a broadcast), else 6 (AVX2's 16 registers). In L1 on one Zen 5 core the 8×2 tile ran at
     * 0.80-0.84 of the FMA loop's peak against 0.73-0.77 for 6×2 (12×2: 0.84-0.85, 6×4: 0.84-0.86); 8 rows also
     * divide the channel counts (16, 32, 64) and batch sizes that fill the rows, leaving no edge tiles there.
     */
    static final int MR = F.length() >= 16 ? 8 : 6;
    /** Columns of a tile: two vectors. */
    static final int NR = 2 * V;

    private GemmMicroKernel() {}

    /**
     * Computes the full tile at {@code c[ci..]} (row stride {@code ldc}) from packed panels starting at
     * {@code pa[ai]} and {@code pb[bi]}.
     */
    static void tile(int kc, float[] pa, int ai, float[] pb, int bi, float alpha, float beta,
                     float[] c, int ci, int ldc) {
        if (MR == 8) {
            tile8(kc, pa, ai, pb, bi, alpha, beta, c, ci, ldc);
        } else {
            tile6(kc, pa, ai, pb, bi, alpha, beta, c, ci, ldc);
        }
    }

    /**
     * The first six rows of a tile, from A micro-panels of MR rows: the whole tile on AVX2, and on AVX-512 a
     * six-row remainder (LeNet's six maps), which {@link #edgeTile} sends here instead of through its scratch.
     * Each element gets exactly the products, order and rounding of {@link #tile}.
     */
    static void tile6(int kc, float[] pa, int ai, float[] pb, int bi, float alpha, float beta,
                      float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        // Offsets are recomputed from p each step on purpose: running offsets (a += MR, b += NR) measured 2x slower
        // on this JDK. 8x2 and 4x3 tiles were also measured: both about 2x slower on AVX2;
        // 8x2 needs 19 vector registers of the 16 there are.
        for (int p = 0; p < kc; p++) {
            int a = ai + p * MR;
            int b = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, pb, b);
            FloatVector b1 = FloatVector.fromArray(F, pb, b + V);
            FloatVector av = FloatVector.broadcast(F, pa[a]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, pa[a + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, pa[a + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, pa[a + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, pa[a + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, pa[a + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        // Written out here rather than in a helper: a helper taking vectors might not be inlined into this large
        // method, and then every vector argument would be boxed on the heap.
        FloatVector al = FloatVector.broadcast(F, alpha);
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        if (beta == 0f) {
            c00.mul(al).intoArray(c, ci);
            c01.mul(al).intoArray(c, ci + V);
            c10.mul(al).intoArray(c, c1);
            c11.mul(al).intoArray(c, c1 + V);
            c20.mul(al).intoArray(c, c2);
            c21.mul(al).intoArray(c, c2 + V);
            c30.mul(al).intoArray(c, c3);
            c31.mul(al).intoArray(c, c3 + V);
            c40.mul(al).intoArray(c, c4);
            c41.mul(al).intoArray(c, c4 + V);
            c50.mul(al).intoArray(c, c5);
            c51.mul(al).intoArray(c, c5 + V);
        } else {
            c00.fma(al, FloatVector.fromArray(F, c, ci).mul(beta)).intoArray(c, ci);
            c01.fma(al, FloatVector.fromArray(F, c, ci + V).mul(beta)).intoArray(c, ci + V);
            c10.fma(al, FloatVector.fromArray(F, c, c1).mul(beta)).intoArray(c, c1);
            c11.fma(al, FloatVector.fromArray(F, c, c1 + V).mul(beta)).intoArray(c, c1 + V);
            c20.fma(al, FloatVector.fromArray(F, c, c2).mul(beta)).intoArray(c, c2);
            c21.fma(al, FloatVector.fromArray(F, c, c2 + V).mul(beta)).intoArray(c, c2 + V);
            c30.fma(al, FloatVector.fromArray(F, c, c3).mul(beta)).intoArray(c, c3);
            c31.fma(al, FloatVector.fromArray(F, c, c3 + V).mul(beta)).intoArray(c, c3 + V);
            c40.fma(al, FloatVector.fromArray(F, c, c4).mul(beta)).intoArray(c, c4);
            c41.fma(al, FloatVector.fromArray(F, c, c4 + V).mul(beta)).intoArray(c, c4 + V);
            c50.fma(al, FloatVector.fromArray(F, c, c5).mul(beta)).intoArray(c, c5);
            c51.fma(al, FloatVector.fromArray(F, c, c5 + V).mul(beta)).intoArray(c, c5 + V);
        }
    }

    /** {@link #tile} with eight rows (AVX-512). */
    private static void tile8(int kc, float[] pa, int ai, float[] pb, int bi, float alpha, float beta,
                              float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F), c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F), c71 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int a = ai + p * 8;
            int b = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, pb, b);
            FloatVector b1 = FloatVector.fromArray(F, pb, b + V);
            FloatVector av = FloatVector.broadcast(F, pa[a]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, pa[a + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, pa[a + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, pa[a + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, pa[a + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, pa[a + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(F, pa[a + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(F, pa[a + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        FloatVector al = FloatVector.broadcast(F, alpha);
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        if (beta == 0f) {
            c00.mul(al).intoArray(c, ci);
            c01.mul(al).intoArray(c, ci + V);
            c10.mul(al).intoArray(c, c1);
            c11.mul(al).intoArray(c, c1 + V);
            c20.mul(al).intoArray(c, c2);
            c21.mul(al).intoArray(c, c2 + V);
            c30.mul(al).intoArray(c, c3);
            c31.mul(al).intoArray(c, c3 + V);
            c40.mul(al).intoArray(c, c4);
            c41.mul(al).intoArray(c, c4 + V);
            c50.mul(al).intoArray(c, c5);
            c51.mul(al).intoArray(c, c5 + V);
            c60.mul(al).intoArray(c, c6);
            c61.mul(al).intoArray(c, c6 + V);
            c70.mul(al).intoArray(c, c7);
            c71.mul(al).intoArray(c, c7 + V);
        } else {
            c00.fma(al, FloatVector.fromArray(F, c, ci).mul(beta)).intoArray(c, ci);
            c01.fma(al, FloatVector.fromArray(F, c, ci + V).mul(beta)).intoArray(c, ci + V);
            c10.fma(al, FloatVector.fromArray(F, c, c1).mul(beta)).intoArray(c, c1);
            c11.fma(al, FloatVector.fromArray(F, c, c1 + V).mul(beta)).intoArray(c, c1 + V);
            c20.fma(al, FloatVector.fromArray(F, c, c2).mul(beta)).intoArray(c, c2);
            c21.fma(al, FloatVector.fromArray(F, c, c2 + V).mul(beta)).intoArray(c, c2 + V);
            c30.fma(al, FloatVector.fromArray(F, c, c3).mul(beta)).intoArray(c, c3);
            c31.fma(al, FloatVector.fromArray(F, c, c3 + V).mul(beta)).intoArray(c, c3 + V);
            c40.fma(al, FloatVector.fromArray(F, c, c4).mul(beta)).intoArray(c, c4);
            c41.fma(al, FloatVector.fromArray(F, c, c4 + V).mul(beta)).intoArray(c, c4 + V);
            c50.fma(al, FloatVector.fromArray(F, c, c5).mul(beta)).intoArray(c, c5);
            c51.fma(al, FloatVector.fromArray(F, c, c5 + V).mul(beta)).intoArray(c, c5 + V);
            c60.fma(al, FloatVector.fromArray(F, c, c6).mul(beta)).intoArray(c, c6);
            c61.fma(al, FloatVector.fromArray(F, c, c6 + V).mul(beta)).intoArray(c, c6 + V);
            c70.fma(al, FloatVector.fromArray(F, c, c7).mul(beta)).intoArray(c, c7);
            c71.fma(al, FloatVector.fromArray(F, c, c7 + V).mul(beta)).intoArray(c, c7 + V);
        }
    }

    /**
     * A four-row tile from a four-row A micro-panel (kc steps of 4 values), written straight to C: row counts of
     * 16, 32 or 64 (ResNet's channels) leave a remainder that {@link #edgeTile} would compute as MR rows, partly
     * zeros, into scratch and then merge element by element. Each element gets exactly the products, order and
     * rounding of {@link #tile}. Eight accumulators still cover the FMA latency on two pipes.
     */
    static void tile4(int kc, float[] pa, int ai, float[] pb, int bi, float alpha, float beta,
                      float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int a = ai + p * 4;
            int b = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, pb, b);
            FloatVector b1 = FloatVector.fromArray(F, pb, b + V);
            FloatVector av = FloatVector.broadcast(F, pa[a]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, pa[a + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, pa[a + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, pa[a + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        FloatVector al = FloatVector.broadcast(F, alpha);
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (beta == 0f) {
            c00.mul(al).intoArray(c, ci);
            c01.mul(al).intoArray(c, ci + V);
            c10.mul(al).intoArray(c, c1);
            c11.mul(al).intoArray(c, c1 + V);
            c20.mul(al).intoArray(c, c2);
            c21.mul(al).intoArray(c, c2 + V);
            c30.mul(al).intoArray(c, c3);
            c31.mul(al).intoArray(c, c3 + V);
        } else {
            c00.fma(al, FloatVector.fromArray(F, c, ci).mul(beta)).intoArray(c, ci);
            c01.fma(al, FloatVector.fromArray(F, c, ci + V).mul(beta)).intoArray(c, ci + V);
            c10.fma(al, FloatVector.fromArray(F, c, c1).mul(beta)).intoArray(c, c1);
            c11.fma(al, FloatVector.fromArray(F, c, c1 + V).mul(beta)).intoArray(c, c1 + V);
            c20.fma(al, FloatVector.fromArray(F, c, c2).mul(beta)).intoArray(c, c2);
            c21.fma(al, FloatVector.fromArray(F, c, c2 + V).mul(beta)).intoArray(c, c2 + V);
            c30.fma(al, FloatVector.fromArray(F, c, c3).mul(beta)).intoArray(c, c3);
            c31.fma(al, FloatVector.fromArray(F, c, c3 + V).mul(beta)).intoArray(c, c3 + V);
        }
    }

    /**
     * Computes a partial tile of {@code mr ≤ MR} rows and {@code nr ≤ NR} columns (the panels are zero-padded to full
     * tiles) into {@code scratch} (MR·NR floats, row stride NR), then writes only its valid part into C with the same
     * fused formula as {@link #tile}. A tile at most one vector wide runs {@link #narrowTile}, which skips the second
     * vector's FMAs (a 4-column edge wasted 3/4 of a full tile's work). A full-width tile of six rows (LeNet's six
     * maps when MR = 8) runs {@link #tile6} straight into C, with no scratch. The write-back is a separate small loop
     * rather than masked stores straight from the accumulators: a write-back helper taking vectors grew the method
     * past C2's inlining limits, and its vectors were then boxed on the heap.
     */
    static void edgeTile(int kc, float[] pa, int ai, float[] pb, int bi, float alpha, float beta,
                         float[] c, int ci, int ldc, int mr, int nr, float[] scratch) {
        if (mr == 6 && nr == NR) {
            tile6(kc, pa, ai, pb, bi, alpha, beta, c, ci, ldc);
            return;
        }
        if (nr <= V) {
            narrowTile(kc, pa, ai, pb, bi, scratch);
        } else {
            tile(kc, pa, ai, pb, bi, 1f, 0f, scratch, 0, NR);
        }
        merge(scratch, alpha, beta, c, ci, ldc, mr, nr);
    }

    /** The first vector (MR accumulators) of a tile, into {@code scratch} with row stride NR. */
    private static void narrowTile(int kc, float[] pa, int ai, float[] pb, int bi, float[] scratch) {
        if (MR == 8) {
            narrowTile8(kc, pa, ai, pb, bi, scratch);
            return;
        }
        FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F), c2 = FloatVector.zero(F);
        FloatVector c3 = FloatVector.zero(F), c4 = FloatVector.zero(F), c5 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int a = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, pb, bi + p * NR);
            c0 = FloatVector.broadcast(F, pa[a]).fma(b0, c0);
            c1 = FloatVector.broadcast(F, pa[a + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(F, pa[a + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(F, pa[a + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(F, pa[a + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(F, pa[a + 5]).fma(b0, c5);
        }
        c0.intoArray(scratch, 0);
        c1.intoArray(scratch, NR);
        c2.intoArray(scratch, 2 * NR);
        c3.intoArray(scratch, 3 * NR);
        c4.intoArray(scratch, 4 * NR);
        c5.intoArray(scratch, 5 * NR);
    }

    private static void narrowTile8(int kc, float[] pa, int ai, float[] pb, int bi, float[] scratch) {
        FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F), c2 = FloatVector.zero(F);
        FloatVector c3 = FloatVector.zero(F), c4 = FloatVector.zero(F), c5 = FloatVector.zero(F);
        FloatVector c6 = FloatVector.zero(F), c7 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int a = ai + p * 8;
            FloatVector b0 = FloatVector.fromArray(F, pb, bi + p * NR);
            c0 = FloatVector.broadcast(F, pa[a]).fma(b0, c0);
            c1 = FloatVector.broadcast(F, pa[a + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(F, pa[a + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(F, pa[a + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(F, pa[a + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(F, pa[a + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(F, pa[a + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(F, pa[a + 7]).fma(b0, c7);
        }
        c0.intoArray(scratch, 0);
        c1.intoArray(scratch, NR);
        c2.intoArray(scratch, 2 * NR);
        c3.intoArray(scratch, 3 * NR);
        c4.intoArray(scratch, 4 * NR);
        c5.intoArray(scratch, 5 * NR);
        c6.intoArray(scratch, 6 * NR);
        c7.intoArray(scratch, 7 * NR);
    }

    /** {@link #edgeTile} for a four-row A micro-panel: {@code nr < NR} columns of a {@link #tile4}. */
    static void edgeTile4(int kc, float[] pa, int ai, float[] pb, int bi, float alpha, float beta,
                          float[] c, int ci, int ldc, int nr, float[] scratch) {
        tile4(kc, pa, ai, pb, bi, 1f, 0f, scratch, 0, NR);
        merge(scratch, alpha, beta, c, ci, ldc, 4, nr);
    }

    /**
     * Merges the valid {@code mr×nr} part of a tile in {@code scratch} (row stride NR) into C: whole vectors, and a
     * last partial vector through a lane mask.
     */
    static void merge(float[] scratch, float alpha, float beta, float[] c, int ci, int ldc, int mr, int nr) {
        FloatVector al = FloatVector.broadcast(F, alpha);
        int whole = nr & -V;
        VectorMask<Float> tail = F.indexInRange(whole, nr);
        for (int r = 0; r < mr; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < whole; j += V) {
                FloatVector acc = FloatVector.fromArray(F, scratch, r * NR + j);
                FloatVector v = beta == 0f ? acc.mul(al)
                        : acc.fma(al, FloatVector.fromArray(F, c, row + j).mul(beta));
                v.intoArray(c, row + j);
            }
            if (whole < nr && row + whole + V <= c.length) {
                FloatVector acc = FloatVector.fromArray(F, scratch, r * NR + whole);
                FloatVector v = beta == 0f ? acc.mul(al)
                        : acc.fma(al, FloatVector.fromArray(F, c, row + whole, tail).mul(beta));
                v.intoArray(c, row + whole, tail);
            } else if (whole < nr) {
                // A masked access whose whole vector would pass the array's end checks each lane in plain Java:
                // here, at the very end of C, scalar code with the same rounding is cheaper.
                for (int j = whole; j < nr; j++) {
                    float acc = scratch[r * NR + j];
                    c[row + j] = beta == 0f ? acc * alpha : Math.fma(acc, alpha, c[row + j] * beta);
                }
            }
        }
    }
}
