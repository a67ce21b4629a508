package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward pass of ReLU from its output: {@code gx = y > 0 ? g : 0}, one fused pass that reads the output mask
 * instead of comparing the input into a 0/1 tensor and multiplying (two passes and a temporary). The output is
 * positive exactly where the input is, so this is PyTorch's rule (slope 0 at 0). The forward pass is
 * {@link Elementwise#unary} with {@link UnaryOp#RELU}. Reference: {@link ReluReference}.
 */
public final class ReluKernel {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Below this many elements a parallel split costs more than it saves. */
    private static final int GRAIN = 1 << 16;

    private ReluKernel() {}

    /** {@code gx[i] = y[i] > 0 ? g[i] : 0} for {@code i < n}; gx may alias g. */
    public static void backward(float[] y, int yOff, float[] g, int gOff, float[] gx, int gxOff, int n) {
        if (n > GRAIN) {
            Parallel.forRange(n, GRAIN, (f, t) -> backwardRange(y, yOff + f, g, gOff + f, gx, gxOff + f, t - f));
        } else {
            backwardRange(y, yOff, g, gOff, gx, gxOff, n);
        }
    }

    static void backwardRange(float[] y, int yOff, float[] g, int gOff, float[] gx, int gxOff, int n) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            VectorMask<Float> on = FloatVector.fromArray(F, y, yOff + i).compare(VectorOperators.GT, zero);
            zero.blend(FloatVector.fromArray(F, g, gOff + i), on).intoArray(gx, gxOff + i);
        }
        for (; i < n; i++) {
            gx[gxOff + i] = y[yOff + i] > 0f ? g[gOff + i] : 0f;
        }
    }
}
