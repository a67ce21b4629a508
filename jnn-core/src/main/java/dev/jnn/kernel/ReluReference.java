package dev.jnn.kernel;

/** Plain ReLU backward from the input, {@code gx = g · [x > 0]}: the yardstick for {@link ReluKernel}. */
public final class ReluReference {

    private ReluReference() {}

    public static void backwardFromInput(float[] x, float[] g, float[] gx, int n) {
        for (int i = 0; i < n; i++) {
            gx[i] = x[i] > 0f ? g[i] : 0f;
        }
    }
}
