package dev.jnn.kernel;

/** Plain loops with the same contract as {@link Elementwise}; the tests' definition of correct. */
public final class ElementwiseReference {

    private ElementwiseReference() {}

    public static void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], b[bOff + i]);
        }
    }

    public static void binaryScalar(BinaryOp op, float[] a, int aOff, float s, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], s);
        }
    }

    public static void scalarBinary(BinaryOp op, float s, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(s, b[bOff + i]);
        }
    }

    public static void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    public static void biasActivation(UnaryOp act, float[] x, int xOff, float[] bias, int biasOff, float[] y,
                                      int yOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                y[yOff + r * cols + c] = act.apply(x[xOff + r * cols + c] + bias[biasOff + c]);
            }
        }
    }
}
