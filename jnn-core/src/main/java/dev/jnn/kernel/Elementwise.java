package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels on contiguous runs of float arrays, vectorized with the Vector API. {@code out} may alias an
 * input at the same offset (in-place). Each operation has its own loop so that every vector operation is a
 * compile-time constant the JIT can intrinsify; comparisons and {@code pow}, which are rare, use the scalar
 * definition in {@link BinaryOp#apply}. Long arrays are split over {@link Parallel} threads.
 */
public final class Elementwise {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Below this many elements a parallel split costs more than it saves. */
    private static final int GRAIN = 1 << 16;

    private Elementwise() {}

    /** {@code out[i] = a[i] op b[i]} for {@code i < n}. */
    public static void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        if (n > GRAIN) {
            Parallel.forRange(n, GRAIN, (f, t) -> binaryRange(op, a, aOff + f, b, bOff + f, out, outOff + f, t - f));
        } else {
            binaryRange(op, a, aOff, b, bOff, out, outOff, n);
        }
    }

    /** {@code out[i] = a[i] op s}. */
    public static void binaryScalar(BinaryOp op, float[] a, int aOff, float s, float[] out, int outOff, int n) {
        int i = 0;
        int bound = F.loopBound(n);
        FloatVector sv = FloatVector.broadcast(F, s);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) FloatVector.fromArray(F, a, aOff + i).add(sv).intoArray(out, outOff + i); }
            case SUB -> { for (; i < bound; i += L) FloatVector.fromArray(F, a, aOff + i).sub(sv).intoArray(out, outOff + i); }
            case MUL -> { for (; i < bound; i += L) FloatVector.fromArray(F, a, aOff + i).mul(sv).intoArray(out, outOff + i); }
            case DIV -> { for (; i < bound; i += L) FloatVector.fromArray(F, a, aOff + i).div(sv).intoArray(out, outOff + i); }
            case MAX -> { for (; i < bound; i += L) FloatVector.fromArray(F, a, aOff + i).max(sv).intoArray(out, outOff + i); }
            case MIN -> { for (; i < bound; i += L) FloatVector.fromArray(F, a, aOff + i).min(sv).intoArray(out, outOff + i); }
            default -> { }
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], s);
        }
    }

    /** {@code out[i] = s op b[i]} (for the operations where order matters, such as {@code 1 - x}). */
    public static void scalarBinary(BinaryOp op, float s, float[] b, int bOff, float[] out, int outOff, int n) {
        int i = 0;
        int bound = F.loopBound(n);
        FloatVector sv = FloatVector.broadcast(F, s);
        switch (op) {
            case SUB -> { for (; i < bound; i += L) sv.sub(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i); }
            case DIV -> { for (; i < bound; i += L) sv.div(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i); }
            case ADD, MUL, MAX, MIN -> {
                binaryScalar(op, b, bOff, s, out, outOff, n);
                return;
            }
            default -> { }
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(s, b[bOff + i]);
        }
    }

    private static void binaryRange(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                                    int n) {
        int i = 0;
        int bound = F.loopBound(n);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) va(a, aOff + i).add(va(b, bOff + i)).intoArray(out, outOff + i); }
            case SUB -> { for (; i < bound; i += L) va(a, aOff + i).sub(va(b, bOff + i)).intoArray(out, outOff + i); }
            case MUL -> { for (; i < bound; i += L) va(a, aOff + i).mul(va(b, bOff + i)).intoArray(out, outOff + i); }
            case DIV -> { for (; i < bound; i += L) va(a, aOff + i).div(va(b, bOff + i)).intoArray(out, outOff + i); }
            case MAX -> { for (; i < bound; i += L) va(a, aOff + i).max(va(b, bOff + i)).intoArray(out, outOff + i); }
            case MIN -> { for (; i < bound; i += L) va(a, aOff + i).min(va(b, bOff + i)).intoArray(out, outOff + i); }
            default -> { }
        }
        for (; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], b[bOff + i]);
        }
    }

    /** {@code out[i] = op(x[i])}. */
    public static void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        if (n > GRAIN) {
            Parallel.forRange(n, GRAIN, (f, t) -> unaryRange(op, x, xOff + f, out, outOff + f, t - f));
        } else {
            unaryRange(op, x, xOff, out, outOff, n);
        }
    }

    /**
     * {@code y[i] = act(y[i])} over {@code n} values on the calling thread, nothing for IDENTITY: the activation a
     * kernel fuses into its output while that output is still in cache (each image of a convolution).
     */
    static void activate(UnaryOp act, float[] y, int off, int n) {
        if (act != UnaryOp.IDENTITY) {
            unaryRange(act, y, off, y, off, n);
        }
    }

    private static void unaryRange(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        // One small method per operation: a single method holding every loop grew past what C2 inlines, and the
        // loops it left out ran the Vector API's boxed fallback, 5-20x slower.
        int done = switch (op) {
            case IDENTITY -> { System.arraycopy(x, xOff, out, outOff, n); yield n; }
            case NEG -> neg(x, xOff, out, outOff, n);
            case EXP -> exp(x, xOff, out, outOff, n);
            case LOG -> log(x, xOff, out, outOff, n);
            case SQRT -> sqrt(x, xOff, out, outOff, n);
            case ABS -> abs(x, xOff, out, outOff, n);
            case SQUARE -> square(x, xOff, out, outOff, n);
            case RECIPROCAL -> reciprocal(x, xOff, out, outOff, n);
            case TANH -> tanh(x, xOff, out, outOff, n);
            case SIGMOID -> sigmoid(x, xOff, out, outOff, n);
            case RELU -> relu(x, xOff, out, outOff, n);
        };
        for (int i = done; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    // Each returns how many leading elements it computed with whole vectors; the caller finishes the tail.

    private static int neg(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) va(x, xOff + i).neg().intoArray(out, outOff + i);
        return i;
    }

    private static int exp(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FastMath.exp(va(x, xOff + i)).intoArray(out, outOff + i);
        }
        return i;
    }

    /** Two loops, each small enough for C2 to intrinsify whole (see {@link FastMath#logPositive}). */
    private static int log(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FastMath.logPositive(va(x, xOff + i)).intoArray(out, outOff + i);
        }
        logSpecialCases(x, xOff, out, outOff, i);
        return i;
    }

    private static void logSpecialCases(float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i += L) {
            FastMath.logSpecialCases(va(x, xOff + i), va(out, outOff + i)).intoArray(out, outOff + i);
        }
    }

    private static int sqrt(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) va(x, xOff + i).sqrt().intoArray(out, outOff + i);
        return i;
    }

    private static int abs(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) va(x, xOff + i).abs().intoArray(out, outOff + i);
        return i;
    }

    private static int square(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = va(x, xOff + i);
            v.mul(v).intoArray(out, outOff + i);
        }
        return i;
    }

    private static int reciprocal(float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) one.div(va(x, xOff + i)).intoArray(out, outOff + i);
        return i;
    }

    private static int tanh(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FastMath.tanh(va(x, xOff + i)).intoArray(out, outOff + i);
        }
        return i;
    }

    private static int sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            one.div(one.add(FastMath.exp(va(x, xOff + i).neg()))).intoArray(out, outOff + i);
        }
        return i;
    }

    private static int relu(float[] x, int xOff, float[] out, int outOff, int n) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) va(x, xOff + i).max(zero).intoArray(out, outOff + i);
        return i;
    }

    /**
     * {@code out[i] = op.gradFromOutput(g[i], y[i])}, the backward pass of an activation in one pass over the
     * gradient and the saved output; {@code out} may alias {@code g}.
     */
    public static void gradFromOutput(UnaryOp op, float[] g, int gOff, float[] y, int yOff, float[] out, int outOff,
                                      int n) {
        if (!op.hasGradFromOutput()) {
            throw new IllegalArgumentException("gradFromOutput: " + op + "'s derivative is not a function of its output");
        }
        if (n > GRAIN) {
            Parallel.forRange(n, GRAIN, (f, t) -> gradFromOutputRange(op, g, gOff + f, y, yOff + f, out, outOff + f,
                    t - f));
        } else {
            gradFromOutputRange(op, g, gOff, y, yOff, out, outOff, n);
        }
    }

    private static void gradFromOutputRange(UnaryOp op, float[] g, int gOff, float[] y, int yOff, float[] out,
                                            int outOff, int n) {
        int done = switch (op) {
            case TANH -> tanhGrad(g, gOff, y, yOff, out, outOff, n);
            case SIGMOID -> sigmoidGrad(g, gOff, y, yOff, out, outOff, n);
            case EXP -> {
                binaryRange(BinaryOp.MUL, g, gOff, y, yOff, out, outOff, n);
                yield n;
            }
            default -> 0;
        };
        for (int i = done; i < n; i++) {
            out[outOff + i] = op.gradFromOutput(g[gOff + i], y[yOff + i]);
        }
    }

    // Same operations, in the same order, as UnaryOp.gradFromOutput, so that vector and tail lanes agree exactly.

    private static int tanhGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = va(y, yOff + i);
            va(g, gOff + i).mul(one.sub(v.mul(v))).intoArray(out, outOff + i);
        }
        return i;
    }

    private static int sigmoidGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = va(y, yOff + i);
            va(g, gOff + i).mul(v.mul(one.sub(v))).intoArray(out, outOff + i);
        }
        return i;
    }

    /**
     * The fused dense-layer epilogue {@code y[r][c] = act(x[r][c] + bias[c])} over {@code rows × cols} contiguous
     * rows; {@code y} may be {@code x}.
     */
    public static void biasActivation(UnaryOp act, float[] x, int xOff, float[] bias, int biasOff, float[] y,
                                      int yOff, int rows, int cols) {
        int grainRows = Math.max(1, GRAIN / Math.max(1, cols));
        Parallel.forRange(rows, grainRows, (from, to) -> {
            for (int r = from; r < to; r++) {
                binaryRange(BinaryOp.ADD, x, xOff + r * cols, bias, biasOff, y, yOff + r * cols, cols);
                if (act != UnaryOp.IDENTITY) {
                    unaryRange(act, y, yOff + r * cols, y, yOff + r * cols, cols);
                }
            }
        });
    }

    private static FloatVector va(float[] a, int off) {
        return FloatVector.fromArray(F, a, off);
    }
}
