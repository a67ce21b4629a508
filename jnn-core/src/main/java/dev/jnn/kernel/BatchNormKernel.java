package dev.jnn.kernel;

import java.util.Arrays;

/**
 * Fused batch normalization over the channel axis of {@code x [N, C, R]} (R: the product of the spatial sizes, 1 for
 * features {@code [N, C]}): one pass for the statistics, one for the output, and two for the backward pass, instead
 * of a dozen broadcast elementwise passes. Same semantics as {@link BatchNormReference}; M = N·R values per channel.
 *
 * <pre>
 *   forwardTrain:  mean_c, var_c (biased) over N and R;  invStd_c = 1/√(var_c + ε);
 *                  y = (x − mean_c)·(γ_c·invStd_c) + β_c                      saved for backward: mean, invStd
 *   forwardEval:   the same with the given (running) mean and variance
 *   backward:      dβ_c = Σ g,  dγ_c = Σ g·x̂  with x̂ = (x − mean_c)·invStd_c
 *                  batch statistics: dx = γ_c·invStd_c·(g − dβ_c/M − x̂·dγ_c/M)
 *                  fixed statistics: dx = γ_c·invStd_c·g
 * </pre>
 * The variance is the mean squared deviation (never E[x²] − E[x]²): each plane of R values, which stays in the L1
 * cache, contributes its own sum and squared deviation from its own mean, and the planes are merged in double with
 * Chan et al.'s pairwise formula. Channels are split over the threads; each channel's arithmetic is the same for any
 * thread count, so results are bit-identical. Each thread walks its channels image by image, in memory order: going
 * channel by channel instead strides N planes c·R apart, which on ResNet's 8×8 planes (256 bytes every 16 KiB) maps
 * them onto a few cache sets and cost more than the arithmetic.
 *
 * <p>The {@code *Relu} variants fuse the ReLU that follows and optionally an addend before it (a residual block's
 * shortcut): {@code y = relu(bn(x) + addend)}; backward first masks the gradient, {@code gm = y > 0 ? g : 0}, plane
 * by plane inside the first pass (gm is the addend's gradient), then runs batch norm's backward on gm. Each does the
 * unfused ops' arithmetic in their order, so the results are bit-identical to batch norm, {@link Elementwise}'s add
 * and ReLU, and {@link ReluKernel} apart, in one pass forward instead of four and two backward instead of three.
 * Reference: {@link BatchNormReluReference}.
 */
public final class BatchNormKernel {

    /** Elements per thread below which splitting the channels costs more than it saves. */
    private static final int GRAIN_ELEMENTS = 1 << 15;
    /** Per-thread per-channel accumulators (sums in double), grown on demand: no allocation per call. */
    private static final ThreadLocal<double[]> SUMS = ThreadLocal.withInitial(() -> new double[0]);
    /** The caller's 1/√(var + ε) in evaluation mode, read by all threads of the loop. */
    private static final ThreadLocal<float[]> INV_STD = ThreadLocal.withInitial(() -> new float[0]);

    private BatchNormKernel() {}

    /** The layout {@code [n, c, r]} of one call; {@code r = 1} for {@code [N, C]}. */
    public record Layout(int n, int c, int r) {
        public Layout {
            if (n < 1 || c < 1 || r < 1) {
                throw new IllegalArgumentException("batchNorm: layout [N, C, R] must be positive, got [" + n + ", "
                        + c + ", " + r + "]");
            }
        }

        public int size() {
            return n * c * r;
        }

        /** Values per channel. */
        public int count() {
            return n * r;
        }

        int channelGrain() {
            return Math.max(1, GRAIN_ELEMENTS / count());
        }

        int offset(int image, int channel) {
            return (image * c + channel) * r;
        }
    }

    /**
     * Normalizes with the batch's own statistics. Writes {@code y}, and per channel {@code mean}, the biased
     * {@code var} and {@code invStd} (each of length C). {@code y} may alias {@code x}.
     */
    public static void forwardTrain(Layout s, float[] x, float[] gamma, float[] beta, float eps, float[] y,
                                    float[] mean, float[] var, float[] invStd) {
        forwardTrain(s, x, gamma, beta, eps, false, null, y, mean, var, invStd);
    }

    /** {@code y = relu(bn(x) + addend)} (addend null: none) with the batch's statistics; outputs as forwardTrain. */
    public static void forwardTrainRelu(Layout s, float[] x, float[] gamma, float[] beta, float eps, float[] addend,
                                        float[] y, float[] mean, float[] var, float[] invStd) {
        forwardTrain(s, x, gamma, beta, eps, true, addend, y, mean, var, invStd);
    }

    /** Normalizes with given statistics (running mean and variance); writes {@code y}, which may alias x. */
    public static void forwardEval(Layout s, float[] x, float[] mean, float[] var, float[] gamma, float[] beta,
                                   float eps, float[] y) {
        forwardEval(s, x, mean, var, gamma, beta, eps, false, null, y);
    }

    /** {@code y = relu(bn(x) + addend)} (addend null: none) with given statistics. */
    public static void forwardEvalRelu(Layout s, float[] x, float[] mean, float[] var, float[] gamma, float[] beta,
                                       float eps, float[] addend, float[] y) {
        forwardEval(s, x, mean, var, gamma, beta, eps, true, addend, y);
    }

    private static void forwardTrain(Layout s, float[] x, float[] gamma, float[] beta, float eps, boolean relu,
                                     float[] addend, float[] y, float[] mean, float[] var, float[] invStd) {
        Parallel.forRange(s.c(), s.channelGrain(), (from, to) -> {
            statistics(s, x, from, to, mean, var);
            for (int ch = from; ch < to; ch++) {
                invStd[ch] = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
            }
            normalize(s, x, from, to, mean, invStd, gamma, beta, relu, addend, y);
        });
    }

    private static void forwardEval(Layout s, float[] x, float[] mean, float[] var, float[] gamma, float[] beta,
                                    float eps, boolean relu, float[] addend, float[] y) {
        float[] invStd = INV_STD.get();
        if (invStd.length < s.c()) {
            invStd = new float[s.c()];
            INV_STD.set(invStd);
        }
        for (int ch = 0; ch < s.c(); ch++) {
            invStd[ch] = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
        }
        float[] inv = invStd;
        Parallel.forRange(s.c(), s.channelGrain(),
                (from, to) -> normalize(s, x, from, to, mean, inv, gamma, beta, relu, addend, y));
    }

    /**
     * Gradients from {@code g = ∂L/∂y}: writes {@code gx} (when not null), {@code gGamma} and {@code gBeta}.
     * {@code batchStatistics} says whether mean and invStd were computed from this x (training) or given (eval).
     */
    public static void backward(Layout s, float[] g, float[] x, float[] mean, float[] invStd, float[] gamma,
                                boolean batchStatistics, float[] gx, float[] gGamma, float[] gBeta) {
        Parallel.forRange(s.c(), s.channelGrain(), (from, to) -> backwardRange(s, g, null, null, x, mean, invStd,
                gamma, batchStatistics, gx, gGamma, gBeta, from, to));
    }

    /**
     * Backward of the {@code *Relu} variants from {@code g} and their output {@code y}: writes {@code gAddend} (the
     * masked gradient, when not null), {@code gx} (required: it holds the masked gradient between the passes when
     * there is no addend), {@code gGamma} and {@code gBeta}.
     */
    public static void backwardRelu(Layout s, float[] g, float[] y, float[] x, float[] mean, float[] invStd,
                                    float[] gamma, boolean batchStatistics, float[] gAddend, float[] gx,
                                    float[] gGamma, float[] gBeta) {
        if (gx == null) {
            throw new IllegalArgumentException("batchNormRelu backward: gx is required (it holds the masked gradient)");
        }
        float[] gm = gAddend != null ? gAddend : gx;
        Parallel.forRange(s.c(), s.channelGrain(), (from, to) -> backwardRange(s, g, y, gm, x, mean, invStd, gamma,
                batchStatistics, gx, gGamma, gBeta, from, to));
    }

    private static double[] sums(int size) {
        double[] a = SUMS.get();
        if (a.length < size) {
            a = new double[size];
            SUMS.set(a);
        }
        Arrays.fill(a, 0, size, 0.0);
        return a;
    }

    /**
     * {@code mean} and biased {@code var} of channels [from, to) from the per-plane sums and squared deviations,
     * merged in double, plane after plane in image order.
     */
    private static void statistics(Layout s, float[] x, int from, int to, float[] mean, float[] var) {
        int r = s.r(), k = to - from;
        double[] acc = sums(2 * k); // [0, k): totals; [k, 2k): M2
        for (int i = 0; i < s.n(); i++) {
            long count = (long) i * r;
            for (int ch = from, j = 0; ch < to; ch++, j++) {
                int off = s.offset(i, ch);
                float planeSum = Reduce.sum(x, off, r);
                float planeMean = planeSum / r;
                double planeM2 = BatchNormPlanes.squaredDeviation(x, off, r, planeMean);
                if (count == 0) {
                    acc[j] = planeSum;
                    acc[k + j] = planeM2;
                } else {
                    double delta = (double) planeMean - acc[j] / count;
                    acc[k + j] += planeM2 + delta * delta * count * r / (count + r);
                    acc[j] += planeSum;
                }
            }
        }
        long count = (long) s.n() * r;
        for (int ch = from, j = 0; ch < to; ch++, j++) {
            mean[ch] = (float) (acc[j] / count);
            var[ch] = (float) (acc[k + j] / count);
        }
    }

    private static void normalize(Layout s, float[] x, int from, int to, float[] mean, float[] invStd,
                                  float[] gamma, float[] beta, boolean relu, float[] addend, float[] y) {
        int r = s.r();
        for (int i = 0; i < s.n(); i++) {
            for (int ch = from; ch < to; ch++) {
                int off = s.offset(i, ch);
                float scale = gamma[ch] * invStd[ch];
                if (!relu) {
                    BatchNormPlanes.normalize(x, y, off, r, mean[ch], scale, beta[ch]);
                } else if (addend == null) {
                    BatchNormPlanes.normalizeRelu(x, y, off, r, mean[ch], scale, beta[ch]);
                } else {
                    BatchNormPlanes.normalizeAddRelu(x, addend, y, off, r, mean[ch], scale, beta[ch]);
                }
            }
        }
    }

    /** Channels [from, to); with a ReLU output {@code y}, the masked gradient goes to {@code gm} and replaces g. */
    private static void backwardRange(Layout s, float[] g, float[] y, float[] gm, float[] x, float[] mean,
                                      float[] invStd, float[] gamma, boolean batchStatistics, float[] gx,
                                      float[] gGamma, float[] gBeta, int from, int to) {
        int r = s.r(), k = to - from;
        float[] grad = y == null ? g : gm;
        double[] acc = sums(2 * k); // [0, k): Σ g; [k, 2k): Σ g·(x − mean)
        for (int i = 0; i < s.n(); i++) {
            for (int ch = from, j = 0; ch < to; ch++, j++) {
                int off = s.offset(i, ch);
                if (y != null) {
                    ReluKernel.backwardRange(y, off, g, off, gm, off, r);
                }
                acc[j] += Reduce.sum(grad, off, r);
                acc[k + j] += BatchNormPlanes.dotCentered(grad, x, off, r, mean[ch]);
            }
        }
        for (int ch = from, j = 0; ch < to; ch++, j++) {
            gBeta[ch] = (float) acc[j];
            gGamma[ch] = (float) (acc[k + j] * invStd[ch]);
        }
        if (gx == null) {
            return;
        }
        double m = s.count();
        for (int i = 0; i < s.n(); i++) {
            for (int ch = from, j = 0; ch < to; ch++, j++) {
                float a = gamma[ch] * invStd[ch];
                float b = 0f, d = 0f;
                if (batchStatistics) {
                    b = (float) (-a * (double) invStd[ch] * invStd[ch] * acc[k + j] / m);
                    d = (float) (-a * acc[j] / m);
                }
                BatchNormPlanes.inputGradient(grad, x, gx, s.offset(i, ch), r, mean[ch], a, b, d);
            }
        }
    }
}
