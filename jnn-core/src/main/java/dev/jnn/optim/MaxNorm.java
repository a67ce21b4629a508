package dev.jnn.optim;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max-norm constraint, applied to a layer's weights after each optimizer step: each unit's incoming weight vector
 * is rescaled to an L2 norm of at most {@code c} ({@code w ← w·c/‖w‖} when {@code ‖w‖ > c}; smaller vectors stay).
 *
 * <p>Which axis indexes the units depends on the layout, given by {@link UnitAxis}:
 * <ul>
 *   <li>{@link UnitAxis#LAST}: units are the last axis, the norm runs over all other axes. Dense weights
 *       {@code [in, out]}: one norm per output column.</li>
 *   <li>{@link UnitAxis#FIRST}: units are the first axis, the norm runs over all other axes. Convolution kernels
 *       {@code [outC, inC/groups, kh, kw]}: one norm per output filter.</li>
 *   <li>{@link UnitAxis#AUTO} (default): LAST for rank 2, FIRST for rank ≥ 3.</li>
 * </ul>
 * An array of rank ≤ 1 is one unit whatever the axis.
 * Keeps a scratch buffer for column norms, so an instance must not be shared between threads.
 */
public final class MaxNorm {

    /** The axis that indexes units (output neurons, filters). */
    public enum UnitAxis { AUTO, FIRST, LAST }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private final double maxNorm;
    private final UnitAxis axis;
    private float[] scratch = new float[0];

    /** Max-norm {@code c} with the {@link UnitAxis#AUTO} axis convention. */
    public MaxNorm(double maxNorm) {
        this(maxNorm, UnitAxis.AUTO);
    }

    public MaxNorm(double maxNorm, UnitAxis axis) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("MaxNorm: the maximum norm must be finite and > 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
        this.axis = axis;
    }

    public double maxNorm() {
        return maxNorm;
    }

    public UnitAxis axis() {
        return axis;
    }

    public void apply(Trainable p) {
        if (p.trainable()) {
            apply(p.values(), p.valuesOffset(), p.dims());
        }
    }

    /** Applies the constraint to the row-major array of shape {@code dims} starting at {@code w[off]}. */
    public void apply(float[] w, int off, int[] dims) {
        long size = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("MaxNorm: negative dimension in " + Arrays.toString(dims));
            }
            size *= d;
        }
        if (off < 0 || off + size > w.length) {
            throw new IllegalArgumentException("MaxNorm: shape " + Arrays.toString(dims) + " at offset " + off
                    + " does not fit an array of " + w.length);
        }
        int n = (int) size;
        if (n == 0) {
            return;
        }
        UnitAxis a = axis != UnitAxis.AUTO ? axis
                : dims.length <= 1 ? UnitAxis.FIRST : dims.length == 2 ? UnitAxis.LAST : UnitAxis.FIRST;
        if (dims.length <= 1) {
            clipBlock(w, off, n);
        } else if (a == UnitAxis.FIRST) {
            int units = dims[0];
            int per = n / units;
            for (int u = 0; u < units; u++) {
                clipBlock(w, off + u * per, per);
            }
        } else {
            clipColumns(w, off, n / dims[dims.length - 1], dims[dims.length - 1]);
        }
    }

    private void clipBlock(float[] w, int off, int n) {
        double norm = Math.sqrt(ArrayReductions.sumOfSquares(w, off, n));
        if (norm > maxNorm) {
            ArrayReductions.scale(w, off, n, (float) (maxNorm / norm));
        }
    }

    /** Units are the columns of a rows×cols row-major matrix: accumulate squares row by row, then rescale rows. */
    private void clipColumns(float[] w, int off, int rows, int cols) {
        if (scratch.length < cols) {
            scratch = new float[cols];
        }
        float[] acc = scratch;
        Arrays.fill(acc, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            int j = 0;
            for (int bound = F.loopBound(cols); j < bound; j += F.length()) {
                FloatVector v = FloatVector.fromArray(F, w, base + j);
                FloatVector.fromArray(F, acc, j).add(v.mul(v)).intoArray(acc, j);
            }
            for (; j < cols; j++) {
                acc[j] += w[base + j] * w[base + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            double norm = Math.sqrt(acc[j]);
            acc[j] = norm > maxNorm ? (float) (maxNorm / norm) : 1f;
        }
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            int j = 0;
            for (int bound = F.loopBound(cols); j < bound; j += F.length()) {
                FloatVector.fromArray(F, w, base + j).mul(FloatVector.fromArray(F, acc, j)).intoArray(w, base + j);
            }
            for (; j < cols; j++) {
                w[base + j] *= acc[j];
            }
        }
    }

    @Override
    public String toString() {
        return "MaxNorm(" + maxNorm + ", " + axis + ")";
    }
}
