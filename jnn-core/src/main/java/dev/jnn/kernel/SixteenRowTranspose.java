package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes a 16 × 16 block of floats with AVX-512 vectors: sixteen row vectors become sixteen column vectors in
 * four rounds, round b swapping bit b of the row index with bit b of the lane index, each output vector one
 * two-vector lane selection ({@link FloatVector#selectFrom(jdk.incubator.vector.Vector,
 * jdk.incubator.vector.Vector)}, one permute instruction). Storing one float at a time with a stride of sixteen
 * made {@link Conv2dShiftWeightGradient}'s dY transpose as slow as its tiles.
 */
final class SixteenRowTranspose {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    /** Rows and lanes of a block. */
    static final int L = 16;

    /**
     * Round b's selections: the new row r (bit b clear) takes lane p from row r where p's bit b is clear, else lane
     * p − 2^b of row r + 2^b ({@code LOWb}); the new row r + 2^b takes lane p + 2^b of row r where p's bit b is
     * clear, else lane p of row r + 2^b ({@code HIGHb}). Indices of 16 and above select from the second vector.
     */
    private static final FloatVector LOW0 = indices(0, false), HIGH0 = indices(0, true);
    private static final FloatVector LOW1 = indices(1, false), HIGH1 = indices(1, true);
    private static final FloatVector LOW2 = indices(2, false), HIGH2 = indices(2, true);
    private static final FloatVector LOW3 = indices(3, false), HIGH3 = indices(3, true);

    private static FloatVector indices(int b, boolean high) {
        int bit = 1 << b;
        float[] lanes = new float[L];
        for (int p = 0; p < L; p++) {
            boolean set = (p & bit) != 0;
            lanes[p] = high ? (set ? L + p : p + bit) : (set ? L + p - bit : p);
        }
        return FloatVector.fromArray(F, lanes, 0);
    }

    private SixteenRowTranspose() {}

    /**
     * Writes {@code dst[d + p·ldd + r] = a[src + r·lda + p]} for rows r below 16 and steps p below {@code len}:
     * whole blocks of sixteen steps through {@link #block}, the rest one float at a time.
     */
    static void rows(float[] a, int src, int lda, int len, float[] dst, int d, int ldd) {
        int p = 0;
        for (; p + L <= len; p += L) {
            block(a, src + p, lda, dst, d + p * ldd, ldd);
        }
        for (; p < len; p++) {
            for (int r = 0; r < L; r++) {
                dst[d + p * ldd + r] = a[src + r * lda + p];
            }
        }
    }

    /**
     * Writes {@code dst[d + p·ldd + r] = a[src + r·lda + p]} for rows r and lanes p below 16. Written out, vector
     * by vector: C2 keeps these in registers, where an array of vectors could leave them boxed.
     */
    static void block(float[] a, int src, int lda, float[] dst, int d, int ldd) {
        FloatVector r0 = FloatVector.fromArray(F, a, src);
        FloatVector r1 = FloatVector.fromArray(F, a, src + 1 * lda);
        FloatVector r2 = FloatVector.fromArray(F, a, src + 2 * lda);
        FloatVector r3 = FloatVector.fromArray(F, a, src + 3 * lda);
        FloatVector r4 = FloatVector.fromArray(F, a, src + 4 * lda);
        FloatVector r5 = FloatVector.fromArray(F, a, src + 5 * lda);
        FloatVector r6 = FloatVector.fromArray(F, a, src + 6 * lda);
        FloatVector r7 = FloatVector.fromArray(F, a, src + 7 * lda);
        FloatVector r8 = FloatVector.fromArray(F, a, src + 8 * lda);
        FloatVector r9 = FloatVector.fromArray(F, a, src + 9 * lda);
        FloatVector r10 = FloatVector.fromArray(F, a, src + 10 * lda);
        FloatVector r11 = FloatVector.fromArray(F, a, src + 11 * lda);
        FloatVector r12 = FloatVector.fromArray(F, a, src + 12 * lda);
        FloatVector r13 = FloatVector.fromArray(F, a, src + 13 * lda);
        FloatVector r14 = FloatVector.fromArray(F, a, src + 14 * lda);
        FloatVector r15 = FloatVector.fromArray(F, a, src + 15 * lda);
        // round 0: bit 0 of row and lane swapped
        FloatVector s0 = LOW0.selectFrom(r0, r1), s1 = HIGH0.selectFrom(r0, r1);
        FloatVector s2 = LOW0.selectFrom(r2, r3), s3 = HIGH0.selectFrom(r2, r3);
        FloatVector s4 = LOW0.selectFrom(r4, r5), s5 = HIGH0.selectFrom(r4, r5);
        FloatVector s6 = LOW0.selectFrom(r6, r7), s7 = HIGH0.selectFrom(r6, r7);
        FloatVector s8 = LOW0.selectFrom(r8, r9), s9 = HIGH0.selectFrom(r8, r9);
        FloatVector s10 = LOW0.selectFrom(r10, r11), s11 = HIGH0.selectFrom(r10, r11);
        FloatVector s12 = LOW0.selectFrom(r12, r13), s13 = HIGH0.selectFrom(r12, r13);
        FloatVector s14 = LOW0.selectFrom(r14, r15), s15 = HIGH0.selectFrom(r14, r15);
        // round 1: bit 1 of row and lane swapped
        FloatVector t0 = LOW1.selectFrom(s0, s2), t2 = HIGH1.selectFrom(s0, s2);
        FloatVector t1 = LOW1.selectFrom(s1, s3), t3 = HIGH1.selectFrom(s1, s3);
        FloatVector t4 = LOW1.selectFrom(s4, s6), t6 = HIGH1.selectFrom(s4, s6);
        FloatVector t5 = LOW1.selectFrom(s5, s7), t7 = HIGH1.selectFrom(s5, s7);
        FloatVector t8 = LOW1.selectFrom(s8, s10), t10 = HIGH1.selectFrom(s8, s10);
        FloatVector t9 = LOW1.selectFrom(s9, s11), t11 = HIGH1.selectFrom(s9, s11);
        FloatVector t12 = LOW1.selectFrom(s12, s14), t14 = HIGH1.selectFrom(s12, s14);
        FloatVector t13 = LOW1.selectFrom(s13, s15), t15 = HIGH1.selectFrom(s13, s15);
        // round 2: bit 2 of row and lane swapped
        FloatVector u0 = LOW2.selectFrom(t0, t4), u4 = HIGH2.selectFrom(t0, t4);
        FloatVector u1 = LOW2.selectFrom(t1, t5), u5 = HIGH2.selectFrom(t1, t5);
        FloatVector u2 = LOW2.selectFrom(t2, t6), u6 = HIGH2.selectFrom(t2, t6);
        FloatVector u3 = LOW2.selectFrom(t3, t7), u7 = HIGH2.selectFrom(t3, t7);
        FloatVector u8 = LOW2.selectFrom(t8, t12), u12 = HIGH2.selectFrom(t8, t12);
        FloatVector u9 = LOW2.selectFrom(t9, t13), u13 = HIGH2.selectFrom(t9, t13);
        FloatVector u10 = LOW2.selectFrom(t10, t14), u14 = HIGH2.selectFrom(t10, t14);
        FloatVector u11 = LOW2.selectFrom(t11, t15), u15 = HIGH2.selectFrom(t11, t15);
        // round 3: bit 3 of row and lane swapped
        FloatVector w0 = LOW3.selectFrom(u0, u8), w8 = HIGH3.selectFrom(u0, u8);
        FloatVector w1 = LOW3.selectFrom(u1, u9), w9 = HIGH3.selectFrom(u1, u9);
        FloatVector w2 = LOW3.selectFrom(u2, u10), w10 = HIGH3.selectFrom(u2, u10);
        FloatVector w3 = LOW3.selectFrom(u3, u11), w11 = HIGH3.selectFrom(u3, u11);
        FloatVector w4 = LOW3.selectFrom(u4, u12), w12 = HIGH3.selectFrom(u4, u12);
        FloatVector w5 = LOW3.selectFrom(u5, u13), w13 = HIGH3.selectFrom(u5, u13);
        FloatVector w6 = LOW3.selectFrom(u6, u14), w14 = HIGH3.selectFrom(u6, u14);
        FloatVector w7 = LOW3.selectFrom(u7, u15), w15 = HIGH3.selectFrom(u7, u15);
        w0.intoArray(dst, d);
        w1.intoArray(dst, d + ldd);
        w2.intoArray(dst, d + 2 * ldd);
        w3.intoArray(dst, d + 3 * ldd);
        w4.intoArray(dst, d + 4 * ldd);
        w5.intoArray(dst, d + 5 * ldd);
        w6.intoArray(dst, d + 6 * ldd);
        w7.intoArray(dst, d + 7 * ldd);
        w8.intoArray(dst, d + 8 * ldd);
        w9.intoArray(dst, d + 9 * ldd);
        w10.intoArray(dst, d + 10 * ldd);
        w11.intoArray(dst, d + 11 * ldd);
        w12.intoArray(dst, d + 12 * ldd);
        w13.intoArray(dst, d + 13 * ldd);
        w14.intoArray(dst, d + 14 * ldd);
        w15.intoArray(dst, d + 15 * ldd);
    }
}
