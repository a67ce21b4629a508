package dev.jnn.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Plain stochastic gradient descent: {@code w ← w − η·g}. No state.
 *
 * <p>With weight decay {@code λ}: {@code w ← w − η·(g + λ·w)}.
 */
public final class Sgd extends Optimizer {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final String[] SLOTS = {};

    /** @param learningRate η, e.g. 0.01 */
    public Sgd(double learningRate) {
        super(learningRate);
    }

    @Override
    public String name() {
        return "SGD";
    }

    @Override
    protected String[] slotNames() {
        return SLOTS;
    }

    @Override
    protected void update(float[] w, int wo, float[] g, int go, float[][] s, int so, int n, float lr, float wd,
                          long t) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, wo + i);
            FloatVector gv = FloatVector.fromArray(F, g, go + i).add(wv.mul(wd));
            wv.sub(gv.mul(lr)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i] + wd * w[wo + i];
            w[wo + i] = w[wo + i] - lr * gi;
        }
    }
}
