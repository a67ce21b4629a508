package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector transcendental functions built from FMAs, multiplies, adds and bit operations only.
 *
 * <p>Why not the Vector API's own ({@code VectorOperators.EXP}, {@code LOG}, {@code TANH}): each is a call into a
 * vendor math library (several nanoseconds per element for TANH), and which library, hence which last bit, depends on
 * the CPU and operating system. Every operation used here is exactly rounded by IEEE 754, so the bits depend neither
 * on the platform's math library nor on the execution mode (interpreted, C1, C2). Each stays within a few ulp of
 * {@link Math}'s result (tested over dense ranges).
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
        // Large |x|: e = e^{2|x|} = 2^k·e^r as in exp, with 0 ≤ k ≤ 28, so one scaling suffices. Written out rather
        // than calling exp: a call that C2 does not inline boxes every vector (LeNet-5 inference ran 1.5x slower).
        FloatVector y = ax.min(CLAMP).mul(2f);
        FloatVector m = y.fma(c(LOG2E), c(ROUNDER));
        FloatVector k = m.sub(ROUNDER);
        FloatVector r = k.fma(c(-LN2_HI), y).add(k.mul(-LN2_LO));
        FloatVector er = r.fma(c(1f / 5040), c(1f / 720)).fma(r, c(1f / 120)).fma(r, c(1f / 24)).fma(r, c(1f / 6))
                .fma(r, c(0.5f)).fma(r, c(1f)).fma(r, c(1f));
        IntVector bits = (IntVector) m.reinterpretAsInts();
        FloatVector e = er.mul(bits.sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        FloatVector large = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(e.add(1f)));
        FloatVector t = large.blend(small, ax.compare(VectorOperators.LT, SMALL));
        // x's sign bit onto |tanh x| (keeps −0, and NaN is NaN either way).
        IntVector sign = ((IntVector) x.reinterpretAsInts()).and(0x80000000);
        return ((IntVector) t.reinterpretAsInts()).or(sign).reinterpretAsFloats();
    }

    /** exp beyond this overflows to +∞ (e^88.73 > Float.MAX_VALUE); clamping keeps 2^k a float. */
    private static final float EXP_HIGH = 89f;
    /** exp below this is under half the smallest subnormal, so 0; clamping keeps k ≥ −150. */
    private static final float EXP_LOW = -104f;

    /**
     * e^x of each lane: x = k·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor series to r^7 (truncation below 6e-9
     * relative), then scaled by 2^k in two halves so that subnormal results round once, correctly. ±∞ and NaN map as
     * {@link Math#exp} maps them.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector y = x.max(EXP_LOW).min(EXP_HIGH); // NaN stays NaN
        FloatVector m = y.fma(c(LOG2E), c(ROUNDER));
        FloatVector k = m.sub(ROUNDER);
        FloatVector r = k.fma(c(-LN2_HI), y).add(k.mul(-LN2_LO));
        FloatVector er = r.fma(c(1f / 5040), c(1f / 720)).fma(r, c(1f / 120)).fma(r, c(1f / 24)).fma(r, c(1f / 6))
                .fma(r, c(0.5f)).fma(r, c(1f)).fma(r, c(1f));
        IntVector ki = ((IntVector) m.reinterpretAsInts()).sub(ROUNDER_BITS);
        IntVector half = ki.lanewise(VectorOperators.ASHR, 1);
        FloatVector scale1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scale2 = ki.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(scale1).mul(scale2);
    }

    private static final float SQRT2 = 1.41421356f;
    private static final float TWO_23 = 8388608f;
    /** log(1+f) = f − (f²/2 − s·(f²/2 + R)) with s = f/(2+f), R = z·(2/3 + z·(2/5 + z·(2/7 + z·2/9))), z = s². */
    private static final float L1 = 2f / 3, L2 = 2f / 5, L3 = 2f / 7, L4 = 2f / 9;

    /**
     * Natural logarithm of each lane of a positive finite x: x = 2^e·m with √½ ≤ m < √2 (subnormals scaled up by
     * 2^23 first), then e·ln 2 + log(m) by the series in s = (m−1)/(m+1), arranged so that the exact m−1 carries the
     * bulk of the result. Other lanes get arbitrary values until {@link #logSpecialCases} fixes them: in one method,
     * the two exceeded C2's inlining budget and the last vector operations ran boxed (6 MB per 256k elements).
     */
    static FloatVector logPositive(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(TWO_23), subnormal);
        IntVector bits = (IntVector) xs.reinterpretAsInts();
        IntVector exponent = bits.lanewise(VectorOperators.LSHR, 23).sub(127);
        FloatVector mant = bits.and(0x007FFFFF).or(0x3F800000).reinterpretAsFloats();
        VectorMask<Float> high = mant.compare(VectorOperators.GT, SQRT2);
        mant = mant.blend(mant.mul(0.5f), high);
        // The exponent as a float by the rounder trick in reverse (exact for |e| < 2^22), not convert(I2F).
        FloatVector e = exponent.add(ROUNDER_BITS).reinterpretAsFloats().sub(ROUNDER)
                .add(c(0f).blend(c(1f), high)).sub(c(0f).blend(c(23f), subnormal));
        FloatVector f = mant.sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector rz = z.fma(c(L4), c(L3)).fma(z, c(L2)).fma(z, c(L1)).mul(z);
        FloatVector hfsq = f.mul(f).mul(0.5f);
        FloatVector log1p = f.sub(hfsq.sub(s.mul(hfsq.add(rz)).add(e.mul(LN2_LO))));
        return e.fma(c(LN2_HI), log1p);
    }

    /**
     * {@code y} (from {@link #logPositive}) with the lanes where x is not positive and finite set as {@link Math#log}
     * sets them: log(±0) = −∞, log(x &lt; 0) = NaN, log(+∞) = +∞, NaN stays NaN.
     */
    static FloatVector logSpecialCases(FloatVector x, FloatVector y) {
        y = y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return y.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.compare(VectorOperators.NE, x)));
    }
}
