package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector transcendental functions built from FMAs, for activations where the Vector API's own
 * ({@code VectorOperators.TANH}, a library call per vector) costs several nanoseconds per element. Each stays within a
 * few ulp of {@link Math}'s double-precision result rounded to float (tested over a dense range).
 */
final class FastMath {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private FastMath() {}

    /** Below this |x|, tanh is a polynomial; above, 1 − 2/(e^{2|x|} + 1), which no longer cancels badly. */
    private static final float SMALL = 0.625f;
    /** tanh rounds to ±1 in float beyond |x| ≈ 9.01; clamping keeps e^{2|x|} finite. */
    private static final float CLAMP = 9.5f;
    /**
     * tanh(x)/x − 1 ≈ u·(P0 + P1·u + ... + P4·u⁴) with u = x², a weighted least-squares fit on [0, 0.625²] (relative
     * error below 5e-9 in double, well under a float ulp).
     */
    private static final float P0 = -0.3333328068256378f, P1 = 0.13331381976604462f, P2 = -0.05373531952500343f,
            P3 = 0.020626291632652283f, P4 = -0.005691985599696636f;
    private static final float LOG2E = 1.4426950408889634f;
    /** ln 2 split so that k·LN2_HI is exact for the k used here (|k| < 2^8). */
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Adding 1.5·2^23 rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;

    private static FloatVector c(float v) {
        return FloatVector.broadcast(F, v);
    }

    /** tanh of each lane; NaN stays NaN, ±0 stays ±0. */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        // Small |x|: x + x·u·P(u).
        FloatVector u = ax.mul(ax);
        FloatVector p = u.fma(c(P4), c(P3)).fma(u, c(P2)).fma(u, c(P1)).fma(u, c(P0)).mul(u);
        FloatVector small = p.fma(ax, ax);
        // Large |x|: e = e^{2|x|} = 2^k·e^r with r = 2|x| − k·ln 2, |r| ≤ ln 2 / 2, e^r by its Taylor series to r^7
        // (truncation below 6e-9 relative).
        FloatVector y = ax.min(CLAMP).mul(2f);
        FloatVector m = y.fma(c(LOG2E), c(ROUNDER));
        FloatVector k = m.sub(ROUNDER);
        FloatVector r = k.fma(c(-LN2_HI), y).add(k.mul(-LN2_LO));
        FloatVector er = r.fma(c(1f / 5040), c(1f / 720)).fma(r, c(1f / 120)).fma(r, c(1f / 24)).fma(r, c(1f / 6))
                .fma(r, c(0.5f)).fma(r, c(1f)).fma(r, c(1f));
        IntVector bits = (IntVector) m.reinterpretAsInts();
        FloatVector scale = bits.sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = er.mul(scale);
        FloatVector large = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(e.add(1f)));
        FloatVector t = large.blend(small, ax.compare(VectorOperators.LT, SMALL));
        // x's sign bit onto |tanh x| (keeps −0, and NaN is NaN either way).
        IntVector sign = ((IntVector) x.reinterpretAsInts()).and(0x80000000);
        return ((IntVector) t.reinterpretAsInts()).or(sign).reinterpretAsFloats();
    }
}
