package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The passes a dense layer {@code y = act(x·W + b)} needs around its matrix products, each one sweep over the
 * {@code rows × cols} output instead of a chain of elementwise operations:
 * <ul>
 *   <li>{@link #forward}: {@code y = act(y + b)} in place, right after the GEMM wrote {@code x·W} into y;</li>
 *   <li>{@link #backward}: {@code d = g·act'(y)} (the derivative read from the output y) and, in the same sweep,
 *       the bias gradient {@code db[c] += Σ_r d[r][c]}.</li>
 * </ul>
 * Activations: IDENTITY, RELU, TANH, SIGMOID. The bias sums run over the rows in order for every column and the
 * threads split the columns, so results are the same for any thread count.
 */
public final class LinearEpilogue {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /**
     * Elements per thread, at least: these sweeps run from L2 at a few elements per nanosecond, so below this a
     * wake-up (or a worker the OS has preempted) costs more than the second core saves.
     */
    private static final int GRAIN = 1 << 16;

    private LinearEpilogue() {}

    /** Whether {@code act} has a fused derivative here. */
    public static boolean supports(UnaryOp act) {
        return act == UnaryOp.IDENTITY || act == UnaryOp.RELU || act == UnaryOp.TANH || act == UnaryOp.SIGMOID;
    }

    /**
     * {@code y[r][c] = act(y[r][c] + bias[c])} over {@code rows} contiguous rows of {@code cols}; {@code bias} may be
     * null (no bias).
     */
    public static void forward(UnaryOp act, float[] y, int yOff, float[] bias, int bOff, int rows, int cols) {
        check(act);
        if (act == UnaryOp.TANH || act == UnaryOp.SIGMOID) {
            // The transcendental activations have their vector loops in Elementwise.
            if (bias != null) {
                Elementwise.biasActivation(act, y, yOff, bias, bOff, y, yOff, rows, cols);
            } else {
                Elementwise.unary(act, y, yOff, y, yOff, rows * cols);
            }
            return;
        }
        if (bias == null && act == UnaryOp.IDENTITY) {
            return;
        }
        boolean relu = act == UnaryOp.RELU;
        int grainRows = Math.max(1, GRAIN / Math.max(1, cols));
        Parallel.forRange(rows, grainRows, (from, to) -> {
            for (int r = from; r < to; r++) {
                if (bias == null) {
                    reluRow(y, yOff + r * cols, cols);
                } else if (relu) {
                    biasReluRow(y, yOff + r * cols, bias, bOff, cols);
                } else {
                    biasRow(y, yOff + r * cols, bias, bOff, cols);
                }
            }
        });
    }

    /**
     * {@code d[r][c] = g[r][c]·act'(y[r][c])} with act' read from the output y (RELU: 1 where y > 0, else 0; TANH:
     * 1 − y²; SIGMOID: y·(1 − y)), and {@code biasGrad[c] += Σ_r d[r][c]} when {@code biasGrad} is not null. For
     * IDENTITY d is g itself and is not written ({@code d} may be null); {@code d} may be {@code g}.
     */
    public static void backward(UnaryOp act, float[] g, int gOff, float[] y, int yOff, float[] d, int dOff,
                                float[] biasGrad, int bgOff, int rows, int cols) {
        check(act);
        if (act == UnaryOp.IDENTITY && biasGrad == null) {
            return;
        }
        int groups = (cols + L - 1) / L;
        int grainGroups = Math.max(1, GRAIN / Math.max(1, rows * L));
        Parallel.forRange(groups, grainGroups, (from, to) -> {
            int c0 = from * L;
            int c1 = Math.min(cols, to * L);
            for (int r = 0; r < rows; r++) {
                int row = r * cols;
                switch (act) {
                    case RELU -> reluGrad(g, gOff + row, y, yOff + row, d, dOff + row, biasGrad, bgOff, c0, c1);
                    case TANH -> tanhGrad(g, gOff + row, y, yOff + row, d, dOff + row, biasGrad, bgOff, c0, c1);
                    case SIGMOID -> sigmoidGrad(g, gOff + row, y, yOff + row, d, dOff + row, biasGrad, bgOff, c0, c1);
                    default -> addRow(g, gOff + row, biasGrad, bgOff, c0, c1);
                }
            }
        });
    }

    /**
     * {@link #forward} on one row of {@code n} values, for IDENTITY ({@code relu} false) or RELU; {@code b} may be
     * null. {@link Gemm#linear} calls it on each row of a tile as the tile is written, with the same vector/scalar
     * split of the columns as a whole-row sweep (tiles start on vector borders), hence the same results.
     */
    static void forwardRow(boolean relu, float[] y, int yo, float[] b, int bo, int n) {
        if (b != null) {
            if (relu) {
                biasReluRow(y, yo, b, bo, n);
            } else {
                biasRow(y, yo, b, bo, n);
            }
        } else if (relu) {
            reluRow(y, yo, n);
        }
    }

    private static void check(UnaryOp act) {
        if (!supports(act)) {
            throw new IllegalArgumentException("LinearEpilogue: activation " + act
                    + " is not fused; use IDENTITY, RELU, TANH or SIGMOID");
        }
    }

    // Small methods, one per loop, so that C2 inlines and intrinsifies every vector operation.

    private static void biasReluRow(float[] y, int yo, float[] b, int bo, int n) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, y, yo + i).add(FloatVector.fromArray(F, b, bo + i)).max(zero)
                    .intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float v = y[yo + i] + b[bo + i];
            y[yo + i] = v > 0f ? v : 0f;
        }
    }

    private static void biasRow(float[] y, int yo, float[] b, int bo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, y, yo + i).add(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += b[bo + i];
        }
    }

    private static void reluRow(float[] y, int yo, int n) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, y, yo + i).max(zero).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            float v = y[yo + i];
            y[yo + i] = v > 0f ? v : 0f;
        }
    }

    private static void reluGrad(float[] g, int go, float[] y, int yo, float[] d, int dOff, float[] bg, int bgo,
                                 int c0, int c1) {
        FloatVector zero = FloatVector.zero(F);
        int c = c0;
        for (; c + L <= c1; c += L) {
            FloatVector yv = FloatVector.fromArray(F, y, yo + c);
            FloatVector dv = zero.blend(FloatVector.fromArray(F, g, go + c), yv.compare(VectorOperators.GT, 0f));
            dv.intoArray(d, dOff + c);
            if (bg != null) {
                FloatVector.fromArray(F, bg, bgo + c).add(dv).intoArray(bg, bgo + c);
            }
        }
        for (; c < c1; c++) {
            float dv = y[yo + c] > 0f ? g[go + c] : 0f;
            d[dOff + c] = dv;
            if (bg != null) {
                bg[bgo + c] += dv;
            }
        }
    }

    private static void tanhGrad(float[] g, int go, float[] y, int yo, float[] d, int dOff, float[] bg, int bgo,
                                 int c0, int c1) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int c = c0;
        for (; c + L <= c1; c += L) {
            FloatVector yv = FloatVector.fromArray(F, y, yo + c);
            FloatVector dv = FloatVector.fromArray(F, g, go + c).mul(one.sub(yv.mul(yv)));
            dv.intoArray(d, dOff + c);
            if (bg != null) {
                FloatVector.fromArray(F, bg, bgo + c).add(dv).intoArray(bg, bgo + c);
            }
        }
        for (; c < c1; c++) {
            float yv = y[yo + c];
            float dv = g[go + c] * (1f - yv * yv);
            d[dOff + c] = dv;
            if (bg != null) {
                bg[bgo + c] += dv;
            }
        }
    }

    private static void sigmoidGrad(float[] g, int go, float[] y, int yo, float[] d, int dOff, float[] bg, int bgo,
                                    int c0, int c1) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int c = c0;
        for (; c + L <= c1; c += L) {
            FloatVector yv = FloatVector.fromArray(F, y, yo + c);
            FloatVector dv = FloatVector.fromArray(F, g, go + c).mul(yv.mul(one.sub(yv)));
            dv.intoArray(d, dOff + c);
            if (bg != null) {
                FloatVector.fromArray(F, bg, bgo + c).add(dv).intoArray(bg, bgo + c);
            }
        }
        for (; c < c1; c++) {
            float yv = y[yo + c];
            float dv = g[go + c] * (yv * (1f - yv));
            d[dOff + c] = dv;
            if (bg != null) {
                bg[bgo + c] += dv;
            }
        }
    }

    private static void addRow(float[] g, int go, float[] bg, int bgo, int c0, int c1) {
        int c = c0;
        for (; c + L <= c1; c += L) {
            FloatVector.fromArray(F, bg, bgo + c).add(FloatVector.fromArray(F, g, go + c)).intoArray(bg, bgo + c);
        }
        for (; c < c1; c++) {
            bg[bgo + c] += g[go + c];
        }
    }
}
