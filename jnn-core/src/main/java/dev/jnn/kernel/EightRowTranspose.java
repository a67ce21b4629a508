package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs an eight-row micro-panel of a row-major A (AVX-512, {@link GemmMicroKernel#MR} = 8) sixteen steps at a time:
 * eight 16-float row vectors are transposed into eight vectors of two steps' eight values each, in three rounds of
 * two-vector lane selections ({@link FloatVector#selectFrom(jdk.incubator.vector.Vector,
 * jdk.incubator.vector.Vector)}, one permute instruction each): pairs of rows, then quadruples, then all eight. The
 * plain loop stores one float at a time with a stride of eight; packing A took 8 % of a two-thread 256×784×300
 * product and more of 64×784×300, where each thread packs all of A.
 */
final class EightRowTranspose {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final int L = 16;

    /** Round 1: rows r, r+1 interleaved, steps 0-7 ({@code LO}) or 8-15 ({@code HI}). */
    private static final FloatVector PAIR_LO = indices(i -> (i % 2) * L + i / 2);
    private static final FloatVector PAIR_HI = indices(i -> (i % 2) * L + 8 + i / 2);
    /** Round 2: two pair vectors into quadruples of rows, their steps 0-3 ({@code LO}) or 4-7 ({@code HI}). */
    private static final FloatVector QUAD_LO = indices(i -> (i % 4 < 2 ? 0 : L) + 2 * (i / 4) + i % 2);
    private static final FloatVector QUAD_HI = indices(i -> (i % 4 < 2 ? 0 : L) + 8 + 2 * (i / 4) + i % 2);
    /** Round 3: rows 0-3 and rows 4-7 of the same four steps into two steps of eight rows each. */
    private static final FloatVector OCT_LO = indices(i -> (i % 8 < 4 ? 0 : L) + 4 * (i / 8) + i % 4);
    private static final FloatVector OCT_HI = indices(i -> (i % 8 < 4 ? 0 : L) + 8 + 4 * (i / 8) + i % 4);

    private EightRowTranspose() {}

    /**
     * Writes {@code dst[d + p·8 + r] = a[src + r·lda + p]} for rows r < 8 and steps p below the largest multiple of
     * 16 that is at most {@code kc}, and returns that multiple: the caller packs the remaining steps.
     */
    static int pack(float[] a, int src, int lda, int kc, float[] dst, int d) {
        int p = 0;
        for (; p + L <= kc; p += L, d += 8 * L) {
            FloatVector r0 = FloatVector.fromArray(F, a, src + p);
            FloatVector r1 = FloatVector.fromArray(F, a, src + lda + p);
            FloatVector r2 = FloatVector.fromArray(F, a, src + 2 * lda + p);
            FloatVector r3 = FloatVector.fromArray(F, a, src + 3 * lda + p);
            FloatVector r4 = FloatVector.fromArray(F, a, src + 4 * lda + p);
            FloatVector r5 = FloatVector.fromArray(F, a, src + 5 * lda + p);
            FloatVector r6 = FloatVector.fromArray(F, a, src + 6 * lda + p);
            FloatVector r7 = FloatVector.fromArray(F, a, src + 7 * lda + p);
            FloatVector p01l = PAIR_LO.selectFrom(r0, r1), p01h = PAIR_HI.selectFrom(r0, r1);
            FloatVector p23l = PAIR_LO.selectFrom(r2, r3), p23h = PAIR_HI.selectFrom(r2, r3);
            FloatVector p45l = PAIR_LO.selectFrom(r4, r5), p45h = PAIR_HI.selectFrom(r4, r5);
            FloatVector p67l = PAIR_LO.selectFrom(r6, r7), p67h = PAIR_HI.selectFrom(r6, r7);
            // quadruples of rows 0-3 and 4-7, steps 0-3, 4-7, 8-11, 12-15
            FloatVector q0 = QUAD_LO.selectFrom(p01l, p23l), q1 = QUAD_HI.selectFrom(p01l, p23l);
            FloatVector q2 = QUAD_LO.selectFrom(p01h, p23h), q3 = QUAD_HI.selectFrom(p01h, p23h);
            FloatVector u0 = QUAD_LO.selectFrom(p45l, p67l), u1 = QUAD_HI.selectFrom(p45l, p67l);
            FloatVector u2 = QUAD_LO.selectFrom(p45h, p67h), u3 = QUAD_HI.selectFrom(p45h, p67h);
            OCT_LO.selectFrom(q0, u0).intoArray(dst, d);
            OCT_HI.selectFrom(q0, u0).intoArray(dst, d + L);
            OCT_LO.selectFrom(q1, u1).intoArray(dst, d + 2 * L);
            OCT_HI.selectFrom(q1, u1).intoArray(dst, d + 3 * L);
            OCT_LO.selectFrom(q2, u2).intoArray(dst, d + 4 * L);
            OCT_HI.selectFrom(q2, u2).intoArray(dst, d + 5 * L);
            OCT_LO.selectFrom(q3, u3).intoArray(dst, d + 6 * L);
            OCT_HI.selectFrom(q3, u3).intoArray(dst, d + 7 * L);
        }
        return p;
    }

    private static FloatVector indices(java.util.function.IntUnaryOperator lane) {
        float[] v = new float[L];
        for (int i = 0; i < L; i++) {
            v[i] = lane.applyAsInt(i);
        }
        return FloatVector.fromArray(F, v, 0);
    }
}
