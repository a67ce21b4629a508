package dev.jnn.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * RMSProp: {@code s ← ρ·s + (1 − ρ)·g²; w ← w − η·g / (√s + ε)}. Slot {@code "s"} is the running mean of squared
 * gradients, starting at 0.
 *
 * <p>Defaults follow the course and Keras: η = 0.001, ρ = 0.9; ε = 1e-8 is added to {@code √s} as PyTorch does
 * (PyTorch's own default ρ is 0.99).
 */
public final class RmsProp extends Optimizer {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final String[] SLOTS = {"s"};

    private final float rho;
    private final float epsilon;

    /** η = 0.001, ρ = 0.9, ε = 1e-8. */
    public RmsProp() {
        this(0.001);
    }

    /** η as given, ρ = 0.9, ε = 1e-8. */
    public RmsProp(double learningRate) {
        this(learningRate, 0.9, 1e-8);
    }

    public RmsProp(double learningRate, double rho, double epsilon) {
        super(learningRate);
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("RmsProp: rho must be in [0, 1), got " + rho);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("RmsProp: epsilon must be > 0, got " + epsilon);
        }
        this.rho = (float) rho;
        this.epsilon = (float) epsilon;
    }

    public double rho() {
        return rho;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public String name() {
        return "RMSProp";
    }

    @Override
    protected String[] slotNames() {
        return SLOTS;
    }

    @Override
    protected void update(float[] w, int wo, float[] g, int go, float[][] s, int so, int n, float lr, float wd,
                          long t) {
        float[] ms = s[0];
        float oneMinusRho = 1f - rho;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, wo + i);
            FloatVector gv = FloatVector.fromArray(F, g, go + i).add(wv.mul(wd));
            FloatVector sv = FloatVector.fromArray(F, ms, so + i).mul(rho).add(gv.mul(gv).mul(oneMinusRho));
            sv.intoArray(ms, so + i);
            wv.sub(gv.mul(lr).div(sv.sqrt().add(epsilon))).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i] + wd * w[wo + i];
            float si = ms[so + i] * rho + gi * gi * oneMinusRho;
            ms[so + i] = si;
            w[wo + i] = w[wo + i] - gi * lr / ((float) Math.sqrt(si) + epsilon);
        }
    }
}
