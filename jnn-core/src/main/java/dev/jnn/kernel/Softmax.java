package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax and log-softmax over contiguous rows ({@code rows × cols}), numerically stable: the row maximum is
 * subtracted before exponentiating, so no input overflows. {@code y} may be {@code x}. Rows are split over threads.
 */
public final class Softmax {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private Softmax() {}

    /** {@code y[r][c] = exp(x[r][c] − max_r) / Σ_c exp(x[r][c] − max_r)}. */
    public static void softmax(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        run(x, xOff, y, yOff, rows, cols, false);
    }

    /** {@code y[r][c] = x[r][c] − max_r − log Σ_c exp(x[r][c] − max_r)}. */
    public static void logSoftmax(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        run(x, xOff, y, yOff, rows, cols, true);
    }

    private static void run(float[] x, int xOff, float[] y, int yOff, int rows, int cols, boolean log) {
        int grain = Math.max(1, 16_384 / Math.max(1, cols));
        Parallel.forRange(rows, grain, (from, to) -> {
            for (int r = from; r < to; r++) {
                row(x, xOff + r * cols, y, yOff + r * cols, cols, log);
            }
        });
    }

    private static void row(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        float max = Reduce.max(x, xo, n);
        FloatVector mv = FloatVector.broadcast(F, max);
        int i = 0;
        int bound = F.loopBound(n);
        float sum = 0f;
        if (log) {
            FloatVector acc = FloatVector.zero(F);
            for (; i < bound; i += L) {
                acc = acc.add(FastMath.exp(FloatVector.fromArray(F, x, xo + i).sub(mv)));
            }
            sum = Reduce.addLanes(acc);
            for (; i < n; i++) {
                sum += (float) Math.exp(x[xo + i] - max);
            }
            // (x − max) − log Σ, not x − (max + log Σ): the latter rounds at the magnitude of max
            Elementwise.binaryScalar(BinaryOp.SUB, x, xo, max, y, yo, n);
            Elementwise.binaryScalar(BinaryOp.SUB, y, yo, (float) Math.log(sum), y, yo, n);
        } else {
            FloatVector acc = FloatVector.zero(F);
            for (; i < bound; i += L) {
                FloatVector e = FastMath.exp(FloatVector.fromArray(F, x, xo + i).sub(mv));
                e.intoArray(y, yo + i);
                acc = acc.add(e);
            }
            sum = Reduce.addLanes(acc);
            for (; i < n; i++) {
                float e = (float) Math.exp(x[xo + i] - max);
                y[yo + i] = e;
                sum += e;
            }
            Elementwise.binaryScalar(BinaryOp.MUL, y, yo, 1f / sum, y, yo, n);
        }
    }
}
