package dev.jnn.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * AdaGrad: {@code s ← s + g²; w ← w − η·g / (√s + ε)}. Slot {@code "s"} is the sum of squared gradients.
 *
 * <p>Follows PyTorch's {@code Adagrad}: ε is added to {@code √s} (Géron's book writes {@code √(s + ε)}, which
 * differs only while s is tiny), defaults η = 0.01, ε = 1e-10, initial accumulator 0. (Keras starts the
 * accumulator at 0.1 and uses ε = 1e-7.)
 */
public final class AdaGrad extends Optimizer {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final String[] SLOTS = {"s"};

    private final float epsilon;

    /** η = 0.01, ε = 1e-10. */
    public AdaGrad() {
        this(0.01);
    }

    /** η as given, ε = 1e-10. */
    public AdaGrad(double learningRate) {
        this(learningRate, 1e-10);
    }

    public AdaGrad(double learningRate, double epsilon) {
        super(learningRate);
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("AdaGrad: epsilon must be > 0, got " + epsilon);
        }
        this.epsilon = (float) epsilon;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public String name() {
        return "AdaGrad";
    }

    @Override
    protected String[] slotNames() {
        return SLOTS;
    }

    @Override
    protected void update(float[] w, int wo, float[] g, int go, float[][] s, int so, int n, float lr, float wd,
                          long t) {
        float[] acc = s[0];
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, wo + i);
            FloatVector gv = FloatVector.fromArray(F, g, go + i).add(wv.mul(wd));
            FloatVector sv = FloatVector.fromArray(F, acc, so + i).add(gv.mul(gv));
            sv.intoArray(acc, so + i);
            wv.sub(gv.mul(lr).div(sv.sqrt().add(epsilon))).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i] + wd * w[wo + i];
            float si = acc[so + i] + gi * gi;
            acc[so + i] = si;
            w[wo + i] = w[wo + i] - gi * lr / ((float) Math.sqrt(si) + epsilon);
        }
    }
}
