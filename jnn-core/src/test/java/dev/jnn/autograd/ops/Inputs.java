package dev.jnn.autograd.ops;

import dev.jnn.tensor.Tensor;

/** Seeded test inputs that require gradients, kept away from kinks (0 for relu/abs) where asked. */
final class Inputs {

    private Inputs() {}

    static Tensor param(long seed, int... dims) {
        return Tensor.randn(seed, dims).requiresGrad(true);
    }

    /** Values with |x| ≥ 0.2, so a finite-difference step of 0.01 never crosses 0. */
    static Tensor awayFromZero(long seed, int... dims) {
        Tensor t = Tensor.randn(seed, dims);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.copySign(Math.abs(d[i]) + 0.2f, d[i]);
        }
        return t.requiresGrad(true);
    }

    /** Values in [0.5, 2.5), for log, sqrt, pow and division. */
    static Tensor positive(long seed, int... dims) {
        Tensor t = Tensor.rand(seed, dims);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.5f + 2 * d[i];
        }
        return t.requiresGrad(true);
    }

    /** Distinct, well separated values (a shuffled arange scaled by 0.1), so max/min have no near-ties. */
    static Tensor distinct(long seed, int... dims) {
        Tensor t = Tensor.rand(seed, dims);
        int n = t.size();
        float[] d = t.data();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] keys = d.clone();
        java.util.Arrays.sort(order, (a, b) -> Float.compare(keys[a], keys[b]));
        for (int r = 0; r < n; r++) {
            d[order[r]] = 0.1f * r - 0.05f * n;
        }
        return t.requiresGrad(true);
    }
}
