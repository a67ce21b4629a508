package dev.jnn.kernel;

/** Plain versions of {@link Reduce} (sum and dot in double) and {@link Softmax}; the tests' definition of correct. */
public final class ReduceReference {

    private ReduceReference() {}

    public static double sum(float[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    public static float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    public static double dot(float[] x, int xOff, float[] y, int yOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    /** Softmax of each row, computed in double. */
    public static void softmax(float[] x, int xOff, float[] y, int yOff, int rows, int cols, boolean log) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double m = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                m = Math.max(m, x[xOff + base + c]);
            }
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += Math.exp(x[xOff + base + c] - m);
            }
            for (int c = 0; c < cols; c++) {
                double v = x[xOff + base + c] - m;
                y[yOff + base + c] = (float) (log ? v - Math.log(s) : Math.exp(v) / s);
            }
        }
    }
}
