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
 * Chan et al.'s pairwise formula. The images are cut into a fixed number of chunks ({@link #SUM_CHUNKS}), each
 * summing all channels image by image in memory order, and the chunks' sums are merged in chunk order, so results
 * are bit-identical for any thread count; the elementwise passes split the images over the threads. Splitting the
 * channels instead had each thread read a few kilobytes per image and skip as many: on ResNet's 32×32 and 16×16
 * maps the forward pass took 1.3x as long as with each thread reading its own run of whole images. Going channel by
 * channel strides N planes c·R apart, which on 8×8 planes (256 bytes every 16 KiB) maps them onto a few cache sets.
 *
 * <p>The {@code *Relu} variants fuse the ReLU that follows and optionally an addend before it (a residual block's
 * shortcut): {@code y = relu(bn(x) + addend)}; backward first masks the gradient, {@code gm = y > 0 ? g : 0}, plane
 * by plane inside the first pass (gm is the addend's gradient), then runs batch norm's backward on gm. Each does the
 * unfused ops' arithmetic in their order, so the results are bit-identical to batch norm, {@link Elementwise}'s add
 * and ReLU, and {@link ReluKernel} apart, in one pass forward instead of four and two backward instead of three.
 * Reference: {@link BatchNormReluReference}.
 */
public final class BatchNormKernel {

    /** Elements per thread below which splitting the images costs more than it saves. */
    private static final int GRAIN_ELEMENTS = 1 << 15;
    /** Fixed chunks of images for the per-channel sums (fewer for smaller batches), whatever the thread count. */
    private static final int SUM_CHUNKS = 4;
    /** The caller's per-chunk, per-channel sums (in double), grown on demand: no allocation per call. */
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

        int imageGrain() {
            return Math.max(1, GRAIN_ELEMENTS / (c * r));
        }

        int sumChunks() {
            return Math.min(n, SUM_CHUNKS);
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
        int chunks = s.sumChunks();
        double[] acc = sums(2 * chunks * s.c());
        Parallel.forRange(chunks, 1, (from, to) -> {
            for (int k = from; k < to; k++) {
                chunkStatistics(s, x, k, acc);
            }
        });
        mergeStatistics(s, acc, mean, var);
        for (int ch = 0; ch < s.c(); ch++) {
            invStd[ch] = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
        }
        Parallel.forRange(s.n(), s.imageGrain(),
                (from, to) -> normalize(s, x, from, to, mean, invStd, gamma, beta, relu, addend, y));
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
        Parallel.forRange(s.n(), s.imageGrain(),
                (from, to) -> normalize(s, x, from, to, mean, inv, gamma, beta, relu, addend, y));
    }

    /**
     * Gradients from {@code g = ∂L/∂y}: writes {@code gx} (when not null), {@code gGamma} and {@code gBeta}.
     * {@code batchStatistics} says whether mean and invStd were computed from this x (training) or given (eval).
     */
    public static void backward(Layout s, float[] g, float[] x, float[] mean, float[] invStd, float[] gamma,
                                boolean batchStatistics, float[] gx, float[] gGamma, float[] gBeta) {
        backwardPasses(s, g, null, null, x, mean, invStd, gamma, batchStatistics, gx, gGamma, gBeta);
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
        backwardPasses(s, g, y, gm, x, mean, invStd, gamma, batchStatistics, gx, gGamma, gBeta);
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
     * Chunk k's per-channel sum and sum of squared deviations into {@code acc[2·k·C ...]} (sums, then M2), from the
     * per-plane sums and squared deviations merged in double, plane after plane in memory order.
     */
    private static void chunkStatistics(Layout s, float[] x, int k, double[] acc) {
        int r = s.r(), c = s.c(), chunks = s.sumChunks(), at = 2 * k * c;
        int i0 = Parallel.chunkStart(s.n(), chunks, k), i1 = Parallel.chunkStart(s.n(), chunks, k + 1);
        for (int i = i0; i < i1; i++) {
            long count = (long) (i - i0) * r;
            for (int ch = 0; ch < c; ch++) {
                int off = s.offset(i, ch);
                float planeSum = Reduce.sum(x, off, r);
                float planeMean = planeSum / r;
                double planeM2 = BatchNormPlanes.squaredDeviation(x, off, r, planeMean);
                if (count == 0) {
                    acc[at + ch] = planeSum;
                    acc[at + c + ch] = planeM2;
                } else {
                    double delta = (double) planeMean - acc[at + ch] / count;
                    acc[at + c + ch] += planeM2 + delta * delta * count * r / (count + r);
                    acc[at + ch] += planeSum;
                }
            }
        }
    }

    /** {@code mean} and biased {@code var} per channel: the chunks' sums merged in chunk order (Chan et al.). */
    private static void mergeStatistics(Layout s, double[] acc, float[] mean, float[] var) {
        int c = s.c(), chunks = s.sumChunks();
        for (int ch = 0; ch < c; ch++) {
            double sum = acc[ch], m2 = acc[c + ch];
            long count = (long) Parallel.chunkStart(s.n(), chunks, 1) * s.r();
            for (int k = 1; k < chunks; k++) {
                long more = (long) (Parallel.chunkStart(s.n(), chunks, k + 1) - Parallel.chunkStart(s.n(), chunks, k))
                        * s.r();
                double sumK = acc[2 * k * c + ch];
                double delta = sumK / more - sum / count;
                m2 += acc[2 * k * c + c + ch] + delta * delta * count * more / (count + more);
                sum += sumK;
                count += more;
            }
            mean[ch] = (float) (sum / count);
            var[ch] = (float) (m2 / count);
        }
    }

    /** Images [from, to), all channels. */
    private static void normalize(Layout s, float[] x, int from, int to, float[] mean, float[] invStd,
                                  float[] gamma, float[] beta, boolean relu, float[] addend, float[] y) {
        int r = s.r();
        for (int i = from; i < to; i++) {
            for (int ch = 0; ch < s.c(); ch++) {
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

    /**
     * Both backward passes: the per-channel sums by fixed image chunks (with a ReLU output {@code y}, the masked
     * gradient goes to {@code gm} and replaces g), merged in chunk order, then dx over the images.
     */
    private static void backwardPasses(Layout s, float[] g, float[] y, float[] gm, float[] x, float[] mean,
                                       float[] invStd, float[] gamma, boolean batchStatistics, float[] gx,
                                       float[] gGamma, float[] gBeta) {
        int c = s.c(), chunks = s.sumChunks();
        float[] grad = y == null ? g : gm;
        double[] acc = sums(2 * chunks * c); // per chunk: [0, C) Σ g; [C, 2C) Σ g·(x − mean)
        Parallel.forRange(chunks, 1, (from, to) -> {
            for (int k = from; k < to; k++) {
                chunkGradientSums(s, g, y, gm, x, mean, k, acc);
            }
        });
        for (int ch = 0; ch < c; ch++) {
            double sumG = acc[ch], sumGX = acc[c + ch];
            for (int k = 1; k < chunks; k++) {
                sumG += acc[2 * k * c + ch];
                sumGX += acc[2 * k * c + c + ch];
            }
            acc[ch] = sumG;
            acc[c + ch] = sumGX;
            gBeta[ch] = (float) sumG;
            gGamma[ch] = (float) (sumGX * invStd[ch]);
        }
        if (gx == null) {
            return;
        }
        double m = s.count();
        Parallel.forRange(s.n(), s.imageGrain(), (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int ch = 0; ch < c; ch++) {
                    float a = gamma[ch] * invStd[ch];
                    float b = 0f, d = 0f;
                    if (batchStatistics) {
                        b = (float) (-a * (double) invStd[ch] * invStd[ch] * acc[c + ch] / m);
                        d = (float) (-a * acc[ch] / m);
                    }
                    BatchNormPlanes.inputGradient(grad, x, gx, s.offset(i, ch), s.r(), mean[ch], a, b, d);
                }
            }
        });
    }

    /** Chunk k's Σ g and Σ g·(x − mean) per channel into {@code acc[2·k·C ...]}, masking g first with a ReLU. */
    private static void chunkGradientSums(Layout s, float[] g, float[] y, float[] gm, float[] x, float[] mean, int k,
                                          double[] acc) {
        int r = s.r(), c = s.c(), chunks = s.sumChunks(), at = 2 * k * c;
        float[] grad = y == null ? g : gm;
        for (int i = Parallel.chunkStart(s.n(), chunks, k); i < Parallel.chunkStart(s.n(), chunks, k + 1); i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = s.offset(i, ch);
                if (y != null) {
                    ReluKernel.backwardRange(y, off, g, off, gm, off, r);
                }
                acc[at + ch] += Reduce.sum(grad, off, r);
                acc[at + c + ch] += BatchNormPlanes.dotCentered(grad, x, off, r, mean[ch]);
            }
        }
    }
}
