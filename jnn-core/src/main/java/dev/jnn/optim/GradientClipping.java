package dev.jnn.optim;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Gradient clipping over the trainable parameters of a model, applied after backward and before the optimizer step.
 * Frozen parameters are ignored.
 */
public final class GradientClipping {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private GradientClipping() {}

    /** The L2 norm of all trainable gradients taken together, {@code √(Σ_p Σ_i g²)}. */
    public static double globalNorm(List<? extends Trainable> params) {
        double sum = 0;
        for (int k = 0, size = params.size(); k < size; k++) {
            Trainable p = params.get(k);
            if (p.trainable()) {
                sum += ArrayReductions.sumOfSquares(p.grads(), p.gradsOffset(), p.size());
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales all trainable gradients by {@code maxNorm / norm} when their global norm exceeds {@code maxNorm}, which
     * keeps the direction of the whole gradient. Returns the norm before clipping (log it to see exploding
     * gradients). A non-finite norm leaves the gradients untouched: the caller should skip that step.
     */
    public static double clipByGlobalNorm(List<? extends Trainable> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipByGlobalNorm: maxNorm must be > 0, got " + maxNorm);
        }
        double norm = globalNorm(params);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float s = (float) (maxNorm / norm);
            for (int k = 0, size = params.size(); k < size; k++) {
                Trainable p = params.get(k);
                if (p.trainable()) {
                    ArrayReductions.scale(p.grads(), p.gradsOffset(), p.size(), s);
                }
            }
        }
        return norm;
    }

    /**
     * Clamps every trainable gradient element into {@code [−clipValue, clipValue]}. This can change the gradient's
     * direction; prefer {@link #clipByGlobalNorm} unless the course asks for value clipping.
     */
    public static void clipByValue(List<? extends Trainable> params, double clipValue) {
        if (!(clipValue > 0)) {
            throw new IllegalArgumentException("clipByValue: clipValue must be > 0, got " + clipValue);
        }
        float hi = (float) clipValue;
        float lo = -hi;
        for (int k = 0, size = params.size(); k < size; k++) {
            Trainable p = params.get(k);
            if (!p.trainable()) {
                continue;
            }
            float[] g = p.grads();
            int off = p.gradsOffset();
            int n = p.size();
            int i = 0;
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                FloatVector.fromArray(F, g, off + i).max(lo).min(hi).intoArray(g, off + i);
            }
            for (; i < n; i++) {
                g[off + i] = Math.min(Math.max(g[off + i], lo), hi);
            }
        }
    }
}
