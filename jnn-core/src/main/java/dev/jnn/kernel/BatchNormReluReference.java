package dev.jnn.kernel;

/**
 * Plain {@code relu(bn(x) + addend)} as the composition of {@link BatchNormReference}, an addition and a ReLU, and
 * its backward as the ReLU mask followed by batch norm's backward: the yardstick for the {@code *Relu} methods of {@link BatchNormKernel}.
 */
public final class BatchNormReluReference {

    private BatchNormReluReference() {}

    public static void forwardTrain(BatchNormKernel.Layout s, float[] x, float[] gamma, float[] beta, float eps,
                                    float[] addend, float[] y, float[] mean, float[] var, float[] invStd) {
        BatchNormReference.forwardTrain(s, x, gamma, beta, eps, y, mean, var, invStd);
        addRelu(addend, y);
    }

    public static void forwardEval(BatchNormKernel.Layout s, float[] x, float[] mean, float[] var, float[] gamma,
                                   float[] beta, float eps, float[] addend, float[] y) {
        BatchNormReference.forwardEval(s, x, mean, var, gamma, beta, eps, y);
        addRelu(addend, y);
    }

    private static void addRelu(float[] addend, float[] y) {
        for (int i = 0; i < y.length; i++) {
            double v = y[i] + (addend == null ? 0.0 : addend[i]);
            y[i] = v > 0 ? (float) v : 0f;
        }
    }

    public static void backward(BatchNormKernel.Layout s, float[] g, float[] y, float[] x, float[] mean,
                                float[] invStd, float[] gamma, boolean batchStatistics, float[] gAddend, float[] gx,
                                float[] gGamma, float[] gBeta) {
        float[] gm = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            gm[i] = y[i] > 0f ? g[i] : 0f;
        }
        if (gAddend != null) {
            System.arraycopy(gm, 0, gAddend, 0, gm.length);
        }
        BatchNormReference.backward(s, gm, x, mean, invStd, gamma, batchStatistics, gx, gGamma, gBeta);
    }
}
