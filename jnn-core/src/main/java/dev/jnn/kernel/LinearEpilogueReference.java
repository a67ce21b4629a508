package dev.jnn.kernel;

/** Plain loops computing what {@link LinearEpilogue} computes, for its tests. */
public final class LinearEpilogueReference {

    private LinearEpilogueReference() {}

    /** {@code y[r][c] = act(y[r][c] + bias[c])}; {@code bias} may be null. */
    public static void forward(UnaryOp act, float[] y, int yOff, float[] bias, int bOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = yOff + r * cols + c;
                y[i] = act.apply(bias == null ? y[i] : y[i] + bias[bOff + c]);
            }
        }
    }

    /** {@code d = g·act'(y)} (not written for IDENTITY) and {@code biasGrad[c] += Σ_r d[r][c]} (rows in order). */
    public static void backward(UnaryOp act, float[] g, int gOff, float[] y, int yOff, float[] d, int dOff,
                                float[] biasGrad, int bgOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float gv = g[gOff + r * cols + c];
                float yv = y[yOff + r * cols + c];
                float dv = switch (act) {
                    case IDENTITY -> gv;
                    case RELU -> yv > 0f ? gv : 0f;
                    case TANH -> gv * (1f - yv * yv);
                    case SIGMOID -> gv * (yv * (1f - yv));
                    default -> throw new IllegalArgumentException("no fused derivative for " + act);
                };
                if (act != UnaryOp.IDENTITY) {
                    d[dOff + r * cols + c] = dv;
                }
                if (biasGrad != null) {
                    biasGrad[bgOff + c] += dv;
                }
            }
        }
    }
}
