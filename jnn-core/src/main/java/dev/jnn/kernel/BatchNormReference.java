package dev.jnn.kernel;

/**
 * Plain batch normalization in double, straight from the formulas of {@link BatchNormKernel}; the tests' yardstick.
 */
public final class BatchNormReference {

    private BatchNormReference() {}

    private static int at(BatchNormKernel.Layout s, int i, int ch, int k) {
        return (i * s.c() + ch) * s.r() + k;
    }

    public static void forwardTrain(BatchNormKernel.Layout s, float[] x, float[] gamma, float[] beta, float eps,
                                    float[] y, float[] mean, float[] var, float[] invStd) {
        for (int ch = 0; ch < s.c(); ch++) {
            double sum = 0;
            for (int i = 0; i < s.n(); i++) {
                for (int k = 0; k < s.r(); k++) {
                    sum += x[at(s, i, ch, k)];
                }
            }
            double mu = sum / s.count();
            double sq = 0;
            for (int i = 0; i < s.n(); i++) {
                for (int k = 0; k < s.r(); k++) {
                    double d = x[at(s, i, ch, k)] - mu;
                    sq += d * d;
                }
            }
            mean[ch] = (float) mu;
            var[ch] = (float) (sq / s.count());
            invStd[ch] = (float) (1 / Math.sqrt(sq / s.count() + eps));
        }
        forwardEval(s, x, mean, var, gamma, beta, eps, y);
    }

    public static void forwardEval(BatchNormKernel.Layout s, float[] x, float[] mean, float[] var, float[] gamma,
                                   float[] beta, float eps, float[] y) {
        for (int i = 0; i < s.n(); i++) {
            for (int ch = 0; ch < s.c(); ch++) {
                double std = Math.sqrt((double) var[ch] + eps);
                for (int k = 0; k < s.r(); k++) {
                    int j = at(s, i, ch, k);
                    y[j] = (float) (gamma[ch] * (x[j] - (double) mean[ch]) / std + beta[ch]);
                }
            }
        }
    }

    public static void backward(BatchNormKernel.Layout s, float[] g, float[] x, float[] mean, float[] invStd,
                                float[] gamma, boolean batchStatistics, float[] gx, float[] gGamma, float[] gBeta) {
        int m = s.count();
        for (int ch = 0; ch < s.c(); ch++) {
            double dBeta = 0, dGamma = 0;
            for (int i = 0; i < s.n(); i++) {
                for (int k = 0; k < s.r(); k++) {
                    int j = at(s, i, ch, k);
                    dBeta += g[j];
                    dGamma += g[j] * ((x[j] - (double) mean[ch]) * invStd[ch]);
                }
            }
            gBeta[ch] = (float) dBeta;
            gGamma[ch] = (float) dGamma;
            if (gx == null) {
                continue;
            }
            for (int i = 0; i < s.n(); i++) {
                for (int k = 0; k < s.r(); k++) {
                    int j = at(s, i, ch, k);
                    double xHat = (x[j] - (double) mean[ch]) * invStd[ch];
                    double inner = batchStatistics ? g[j] - dBeta / m - xHat * dGamma / m : g[j];
                    gx[j] = (float) (gamma[ch] * (double) invStd[ch] * inner);
                }
            }
        }
    }
}
