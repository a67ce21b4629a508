package dev.jnn.nn;

import dev.jnn.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Inverted dropout (Srivastava et al. 2014): in training each element is zeroed with probability {@code p} and the
 * survivors are scaled by {@code 1/(1 − p)}, so the expected output equals the input and evaluation needs no
 * rescaling; in evaluation the layer is the identity. {@link McDropout} keeps it active at inference.
 *
 * <p>The masks come from a generator derived from the model's seed and this layer's path (see {@link
 * Module#initialize(long)}); {@code initialize} restarts it, so a seeded run draws the same masks. No parameters.
 */
public final class Dropout extends Module {

    private final float p;
    private SplittableRandom rng;

    /** Drops each element with probability {@code p ∈ [0, 1)}. */
    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: the drop probability must be in [0, 1), got " + p);
        }
        this.p = (float) p;
    }

    public float probability() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        if (rng == null) {
            rng = generatorFor("mask");
        }
        Tensor mask = Tensor.empty(x.shape());
        float[] m = mask.data();
        float keep = 1f / (1f - p);
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextFloat() < p ? 0f : keep;
        }
        return x.mul(mask);
    }

    @Override
    protected void onInitialize() {
        rng = null;
    }

    @Override
    public String describe() {
        return "Dropout(" + p + ")";
    }
}
