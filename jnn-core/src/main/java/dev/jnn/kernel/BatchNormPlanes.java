package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link BatchNormKernel} over one plane of {@code n} values at {@code off}: each a small method,
 * so that C2 inlines and intrinsifies it wherever it is called.
 */
final class BatchNormPlanes {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private BatchNormPlanes() {}

    /** {@code Σ (a − mean)²}. */
    static float squaredDeviation(float[] a, int off, int n, float mean) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(F, a, off + i).sub(m);
                acc = d.fma(d, acc);
            }
            s = Reduce.addLanes(acc);
        }
        for (; i < n; i++) {
            float d = a[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    /** {@code Σ g·(x − mean)}. */
    static float dotCentered(float[] g, float[] x, int off, int n, float mean) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(F, x, off + i).sub(m);
                acc = d.fma(FloatVector.fromArray(F, g, off + i), acc);
            }
            s = Reduce.addLanes(acc);
        }
        for (; i < n; i++) {
            s += (x[off + i] - mean) * g[off + i];
        }
        return s;
    }

    /** {@code y = (x − mean)·scale + shift}. */
    static void normalize(float[] x, float[] y, int off, int n, float mean, float scale, float shift) {
        int i = 0;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector sc = FloatVector.broadcast(F, scale);
            FloatVector sh = FloatVector.broadcast(F, shift);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector.fromArray(F, x, off + i).sub(m).fma(sc, sh).intoArray(y, off + i);
            }
        }
        for (; i < n; i++) {
            y[off + i] = Math.fma(x[off + i] - mean, scale, shift);
        }
    }

    /** {@code y = relu((x − mean)·scale + shift)}, ReLU as {@link Elementwise}'s. */
    static void normalizeRelu(float[] x, float[] y, int off, int n, float mean, float scale, float shift) {
        int i = 0;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector sc = FloatVector.broadcast(F, scale);
            FloatVector sh = FloatVector.broadcast(F, shift);
            FloatVector zero = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector.fromArray(F, x, off + i).sub(m).fma(sc, sh).max(zero).intoArray(y, off + i);
            }
        }
        for (; i < n; i++) {
            float v = Math.fma(x[off + i] - mean, scale, shift);
            y[off + i] = v > 0f ? v : 0f;
        }
    }

    /** {@code y = relu((x − mean)·scale + shift + addend)}. */
    static void normalizeAddRelu(float[] x, float[] addend, float[] y, int off, int n, float mean, float scale,
                                 float shift) {
        int i = 0;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector sc = FloatVector.broadcast(F, scale);
            FloatVector sh = FloatVector.broadcast(F, shift);
            FloatVector zero = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector.fromArray(F, x, off + i).sub(m).fma(sc, sh).add(FloatVector.fromArray(F, addend, off + i))
                        .max(zero).intoArray(y, off + i);
            }
        }
        for (; i < n; i++) {
            float v = Math.fma(x[off + i] - mean, scale, shift) + addend[off + i];
            y[off + i] = v > 0f ? v : 0f;
        }
    }

    /** {@code gx = a·g + b·(x − mean) + d}; gx may be g. */
    static void inputGradient(float[] g, float[] x, float[] gx, int off, int n, float mean, float a, float b,
                              float d) {
        int i = 0;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector av = FloatVector.broadcast(F, a);
            FloatVector bv = FloatVector.broadcast(F, b);
            FloatVector dv = FloatVector.broadcast(F, d);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector t = FloatVector.fromArray(F, x, off + i).sub(m).fma(bv, dv);
                FloatVector.fromArray(F, g, off + i).fma(av, t).intoArray(gx, off + i);
            }
        }
        for (; i < n; i++) {
            gx[off + i] = Math.fma(g[off + i], a, Math.fma(x[off + i] - mean, b, d));
        }
    }
}
