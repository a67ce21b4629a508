package dev.jnn.nn;

import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;

/**
 * Hands an intermediate result of a container layer ({@link Sequential}, {@link Residual}) back to the step's
 * {@link Workspace} once the next layer has consumed it: no one outside the container ever sees it, so unless a
 * recorded backward rule reads it ({@link Workspace#markSaved}, which {@code release} respects) its array is free
 * for the rest of the step. In inference this keeps a few activations alive instead of all of them; in training it
 * frees what no backward rule reads (a batch-norm output that a ReLU or an addition consumed).
 */
final class Intermediates {

    private Intermediates() {}

    /**
     * Releases {@code dead} unless its array is also the array of {@code a} or {@code b} (a layer may return a view
     * of its input, or pass it through unchanged). Null arguments are ignored.
     */
    static void release(Tensor dead, Tensor a, Tensor b) {
        if (dead == null || dead == a || dead == b) {
            return;
        }
        float[] d = dead.data();
        if ((a != null && a.data() == d) || (b != null && b.data() == d)) {
            return;
        }
        Workspace.release(dead);
    }
}
