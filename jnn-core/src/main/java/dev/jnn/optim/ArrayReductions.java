package dev.jnn.optim;

import dev.jnn.kernel.Reduce;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums over float slices for norms and penalties. Lanes accumulate in float over blocks of {@link #BLOCK} elements,
 * each block is then added in double, so the error stays small for big arrays and the result depends only on the
 * data (not on threads).
 */
final class ArrayReductions {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int BLOCK = 1024;

    private ArrayReductions() {}

    /** Σ x² over {@code x[off, off + n)}. */
    static double sumOfSquares(float[] x, int off, int n) {
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            int i = 0;
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(len); i < bound; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, off + start + i);
                acc = acc.add(v.mul(v));
            }
            double block = Reduce.addLanes(acc);
            for (; i < len; i++) {
                float v = x[off + start + i];
                block += (double) v * v;
            }
            total += block;
        }
        return total;
    }

    /** Σ |x| over {@code x[off, off + n)}. */
    static double sumOfAbs(float[] x, int off, int n) {
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            int i = 0;
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(len); i < bound; i += F.length()) {
                acc = acc.add(FloatVector.fromArray(F, x, off + start + i).abs());
            }
            double block = Reduce.addLanes(acc);
            for (; i < len; i++) {
                block += Math.abs(x[off + start + i]);
            }
            total += block;
        }
        return total;
    }

    /** {@code x[off, off + n) *= s}. */
    static void scale(float[] x, int off, int n, float s) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, off + i).mul(s).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= s;
        }
    }
}
