package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over a contiguous run of floats. The summation order is fixed (lane-wise partial sums in vector
 * registers, then the lanes in order, then the tail), so the same input always gives the same bits.
 */
public final class Reduce {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private Reduce() {}

    /**
     * The sum of {@code v}'s lanes, added in lane order. Every kernel reduces lanes through this instead of
     * {@code reduceLanes(ADD)}, whose order the Vector API leaves to the implementation: the JIT-compiled and the
     * interpreted forms combined lanes in different orders, so a result could change in its last bit with JIT
     * warm-up, and a chunk run early on another thread broke bit-identical results across thread counts.
     */
    public static float addLanes(FloatVector v) {
        if (v.length() == 8) {
            // constant lane indices: C2 extracts each lane in a register; a loop's variable index went through a
            // slow generic path that cost as much as the vector loop itself on short rows (ResNet's 8x8 planes)
            return v.lane(0) + v.lane(1) + v.lane(2) + v.lane(3) + v.lane(4) + v.lane(5) + v.lane(6) + v.lane(7);
        }
        if (v.length() == 16) {
            return v.lane(0) + v.lane(1) + v.lane(2) + v.lane(3) + v.lane(4) + v.lane(5) + v.lane(6) + v.lane(7)
                    + v.lane(8) + v.lane(9) + v.lane(10) + v.lane(11) + v.lane(12) + v.lane(13) + v.lane(14)
                    + v.lane(15);
        }
        float s = v.lane(0);
        for (int i = 1; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }

    /** {@code x[off] + … + x[off + n - 1]}; 0 for {@code n == 0}. */
    public static float sum(float[] x, int off, int n) {
        int i = 0;
        float total = 0f;
        if (n >= 2 * L) {
            // two accumulators halve the dependency chain; their combination order is fixed
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
                acc0 = acc0.add(FloatVector.fromArray(F, x, off + i));
                acc1 = acc1.add(FloatVector.fromArray(F, x, off + i + L));
            }
            total = addLanes(acc0.add(acc1));
        }
        for (; i < n; i++) {
            total += x[off + i];
        }
        return total;
    }

    /** The largest of {@code x[off … off+n)}; NaN if any is NaN; −∞ for {@code n == 0}. */
    public static float max(float[] x, int off, int n) {
        int i = 0;
        float best = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                acc = acc.max(FloatVector.fromArray(F, x, off + i));
            }
            best = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            best = Math.max(best, x[off + i]);
        }
        return best;
    }

    /** {@code Σ x[i]·y[i]} with the same fixed order as {@link #sum}. */
    public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        float total = 0f;
        if (n >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                acc = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), acc);
            }
            total = addLanes(acc);
        }
        for (; i < n; i++) {
            total += x[xOff + i] * y[yOff + i];
        }
        return total;
    }
}
