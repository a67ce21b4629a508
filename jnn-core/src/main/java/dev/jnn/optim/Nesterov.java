package dev.jnn.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Nesterov accelerated gradient. The textbook form measures the gradient ahead, at {@code θ + β·m}:
 * {@code m ← β·m − η·∇J(θ + β·m); θ ← θ + m}. Since a training step only has the gradient at the current weights,
 * this class stores the look-ahead point {@code w = θ + β·m} as the weights (Sutskever et al. 2013; Keras and PyTorch
 * do the same), which turns the update into {@code m ← β·m − η·g; w ← w + β·m − η·g} with {@code g = ∇J(w)}.
 * The two forms produce the same sequence of points (tested). Slot {@code "m"} is the velocity.
 */
public final class Nesterov extends Optimizer {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final String[] SLOTS = {"m"};

    private final float beta;

    /** η as given, β = 0.9. */
    public Nesterov(double learningRate) {
        this(learningRate, 0.9);
    }

    public Nesterov(double learningRate, double beta) {
        super(learningRate);
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("Nesterov: beta must be in [0, 1), got " + beta);
        }
        this.beta = (float) beta;
    }

    public double beta() {
        return beta;
    }

    @Override
    public String name() {
        return "Nesterov";
    }

    @Override
    protected String[] slotNames() {
        return SLOTS;
    }

    @Override
    protected void update(float[] w, int wo, float[] g, int go, float[][] s, int so, int n, float lr, float wd,
                          long t) {
        float[] m = s[0];
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, wo + i);
            FloatVector step = FloatVector.fromArray(F, g, go + i).add(wv.mul(wd)).mul(lr);
            FloatVector mv = FloatVector.fromArray(F, m, so + i).mul(beta).sub(step);
            mv.intoArray(m, so + i);
            wv.add(mv.mul(beta).sub(step)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float step = (g[go + i] + wd * w[wo + i]) * lr;
            float mi = m[so + i] * beta - step;
            m[so + i] = mi;
            w[wo + i] = w[wo + i] + (mi * beta - step);
        }
    }
}
