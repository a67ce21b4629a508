package dev.jnn.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * L1, L2 or L1+L2 weight penalty for one parameter (a layer's kernel, typically):
 * {@code penalty = l1·Σ|w| + l2·Σw²}, whose gradient {@code l1·sign(w) + 2·l2·w} is added to the parameter's
 * gradient ({@code sign(0) = 0}). Keras' convention: an L2 of {@code l2} equals PyTorch's {@code weight_decay} of
 * {@code 2·l2}. The training loop adds {@link #penalty} to the reported loss and calls {@link #addGradient} after
 * backward and before the optimizer step.
 */
public record Regularizer(double l1, double l2) {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    public Regularizer {
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("Regularizer: l1 and l2 must be finite and >= 0, got l1=" + l1
                    + ", l2=" + l2);
        }
    }

    public static Regularizer l1(double lambda) {
        return new Regularizer(lambda, 0);
    }

    public static Regularizer l2(double lambda) {
        return new Regularizer(0, lambda);
    }

    public static Regularizer l1l2(double l1, double l2) {
        return new Regularizer(l1, l2);
    }

    /** {@code l1·Σ|w| + l2·Σw²} over {@code w[off, off + n)}, in double. */
    public double penalty(float[] w, int off, int n) {
        double p = 0;
        if (l1 != 0) {
            p += l1 * ArrayReductions.sumOfAbs(w, off, n);
        }
        if (l2 != 0) {
            p += l2 * ArrayReductions.sumOfSquares(w, off, n);
        }
        return p;
    }

    public double penalty(Trainable p) {
        return penalty(p.values(), p.valuesOffset(), p.size());
    }

    /** {@code g[go + i] += l1·sign(w[wo + i]) + 2·l2·w[wo + i]} for {@code i < n}. */
    public void addGradient(float[] w, int wo, float[] g, int go, int n) {
        float a = (float) l1;
        float b = (float) (2 * l2);
        int i = 0;
        FloatVector zero = FloatVector.zero(F);
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, wo + i);
            // sign(w)·l1 with sign(0) = 0: +l1 where w > 0, −l1 where w < 0, 0 elsewhere.
            FloatVector sign = zero.blend(a, wv.compare(VectorOperators.GT, 0f))
                    .blend(-a, wv.compare(VectorOperators.LT, 0f));
            FloatVector.fromArray(F, g, go + i).add(sign).add(wv.mul(b)).intoArray(g, go + i);
        }
        for (; i < n; i++) {
            float wi = w[wo + i];
            float sign = wi > 0 ? a : wi < 0 ? -a : 0f;
            g[go + i] = g[go + i] + sign + wi * b;
        }
    }

    public void addGradient(Trainable p) {
        addGradient(p.values(), p.valuesOffset(), p.grads(), p.gradsOffset(), p.size());
    }
}
