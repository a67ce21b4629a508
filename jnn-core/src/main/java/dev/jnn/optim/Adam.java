package dev.jnn.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam (Kingma and Ba 2015) with bias correction:
 * <pre>
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *   m̂ = m / (1 − β1ᵗ)              v̂ = v / (1 − β2ᵗ)
 *   w ← w − η·m̂ / (√v̂ + ε)
 * </pre>
 * Defaults η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8 (ε added to √v̂, as in the paper and PyTorch). Slots
 * {@code "m"} and {@code "v"}. Weight decay, if set, is coupled L2 (not AdamW's decoupled decay).
 */
public final class Adam extends Optimizer {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final String[] SLOTS = {"m", "v"};

    private final float beta1;
    private final float beta2;
    private final float epsilon;

    /** η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam() {
        this(0.001);
    }

    /** η as given, β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: beta1 and beta2 must be in [0, 1), got " + beta1 + " and "
                    + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam: epsilon must be > 0, got " + epsilon);
        }
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public String name() {
        return "Adam";
    }

    @Override
    protected String[] slotNames() {
        return SLOTS;
    }

    @Override
    protected void update(float[] w, int wo, float[] g, int go, float[][] s, int so, int n, float lr, float wd,
                          long t) {
        float[] m = s[0];
        float[] v = s[1];
        // Bias corrections folded into two scalars, computed in double: η/(1−β1ᵗ) and 1/√(1−β2ᵗ).
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float invSqrtBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
        float c1 = 1f - beta1;
        float c2 = 1f - beta2;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, wo + i);
            FloatVector gv = FloatVector.fromArray(F, g, go + i).add(wv.mul(wd));
            FloatVector mv = FloatVector.fromArray(F, m, so + i).mul(beta1).add(gv.mul(c1));
            FloatVector vv = FloatVector.fromArray(F, v, so + i).mul(beta2).add(gv.mul(gv).mul(c2));
            mv.intoArray(m, so + i);
            vv.intoArray(v, so + i);
            FloatVector denom = vv.sqrt().mul(invSqrtBc2).add(epsilon);
            wv.sub(mv.mul(stepSize).div(denom)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i] + wd * w[wo + i];
            float mi = m[so + i] * beta1 + gi * c1;
            float vi = v[so + i] * beta2 + gi * gi * c2;
            m[so + i] = mi;
            v[so + i] = vi;
            float denom = (float) Math.sqrt(vi) * invSqrtBc2 + epsilon;
            w[wo + i] = w[wo + i] - mi * stepSize / denom;
        }
    }
}
