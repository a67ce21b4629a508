package dev.jnn.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGD with momentum (Polyak), in the form of Géron's book and Keras: {@code m ← β·m − η·g; w ← w + m}.
 * Slot {@code "m"} is the velocity. Because η sits inside the velocity, a learning-rate change affects new
 * gradients only, not the momentum already gathered (PyTorch's form, {@code b ← β·b + g; w ← w − η·b}, is equal for
 * a constant η).
 */
public final class Momentum extends Optimizer {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final String[] SLOTS = {"m"};

    private final float beta;

    /** η as given, β = 0.9. */
    public Momentum(double learningRate) {
        this(learningRate, 0.9);
    }

    public Momentum(double learningRate, double beta) {
        super(learningRate);
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("Momentum: beta must be in [0, 1), got " + beta);
        }
        this.beta = (float) beta;
    }

    public double beta() {
        return beta;
    }

    @Override
    public String name() {
        return "Momentum";
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
            FloatVector gv = FloatVector.fromArray(F, g, go + i).add(wv.mul(wd));
            FloatVector mv = FloatVector.fromArray(F, m, so + i).mul(beta).sub(gv.mul(lr));
            mv.intoArray(m, so + i);
            wv.add(mv).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i] + wd * w[wo + i];
            float mi = m[so + i] * beta - gi * lr;
            m[so + i] = mi;
            w[wo + i] = w[wo + i] + mi;
        }
    }
}
