package dev.jnn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
 * thread count, so results are bit-identical.
 */
public final class BatchNormKernel {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Elements per thread below which splitting the channels costs more than it saves. */
    private static final int GRAIN_ELEMENTS = 1 << 15;

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
    }

    /**
     * Normalizes with the batch's own statistics. Writes {@code y}, and per channel {@code mean}, the biased
     * {@code var} and {@code invStd} (each of length C). {@code y} may alias {@code x}.
     */
    public static void forwardTrain(Layout s, float[] x, float[] gamma, float[] beta, float eps, float[] y,
                                    float[] mean, float[] var, float[] invStd) {
        Parallel.forRange(s.c(), s.channelGrain(), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                statistics(s, x, ch, mean, var);
                invStd[ch] = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
                normalize(s, x, ch, mean[ch], gamma[ch] * invStd[ch], beta[ch], y);
            }
        });
    }

    /** Normalizes with given statistics (running mean and variance); writes {@code y}, which may alias x. */
    public static void forwardEval(Layout s, float[] x, float[] mean, float[] var, float[] gamma, float[] beta,
                                   float eps, float[] y) {
        Parallel.forRange(s.c(), s.channelGrain(), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float invStd = (float) (1.0 / Math.sqrt((double) var[ch] + eps));
                normalize(s, x, ch, mean[ch], gamma[ch] * invStd, beta[ch], y);
            }
        });
    }

    /**
     * Gradients from {@code g = ∂L/∂y}: writes {@code gx} (when not null), {@code gGamma} and {@code gBeta}.
     * {@code batchStatistics} says whether mean and invStd were computed from this x (training) or given (eval).
     */
    public static void backward(Layout s, float[] g, float[] x, float[] mean, float[] invStd, float[] gamma,
                                boolean batchStatistics, float[] gx, float[] gGamma, float[] gBeta) {
        Parallel.forRange(s.c(), s.channelGrain(), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                backwardChannel(s, g, x, ch, mean[ch], invStd[ch], gamma[ch], batchStatistics, gx, gGamma, gBeta);
            }
        });
    }

    private static void backwardChannel(Layout s, float[] g, float[] x, int ch, float mean, float invStd,
                                        float gamma, boolean batchStatistics, float[] gx, float[] gGamma,
                                        float[] gBeta) {
        int r = s.r();
        int stride = s.c() * r;
        double sumG = 0, sumGx = 0;
        for (int i = 0, off = ch * r; i < s.n(); i++, off += stride) {
            sumG += Reduce.sum(g, off, r);
            sumGx += dotCentered(g, x, off, r, mean);
        }
        gBeta[ch] = (float) sumG;
        gGamma[ch] = (float) (sumGx * invStd);
        if (gx == null) {
            return;
        }
        float a = gamma * invStd;
        float b = 0f, d = 0f;
        if (batchStatistics) {
            double m = s.count();
            b = (float) (-a * (double) invStd * invStd * sumGx / m);
            d = (float) (-a * sumG / m);
        }
        for (int i = 0, off = ch * r; i < s.n(); i++, off += stride) {
            inputGradient(g, x, gx, off, r, mean, a, b, d);
        }
    }

    /** {@code mean[ch]} and biased {@code var[ch]} from the per-plane sums and squared deviations, merged in double. */
    private static void statistics(Layout s, float[] x, int ch, float[] mean, float[] var) {
        int r = s.r();
        int stride = s.c() * r;
        double total = 0, m2 = 0;
        long count = 0;
        for (int i = 0, off = ch * r; i < s.n(); i++, off += stride) {
            float planeSum = Reduce.sum(x, off, r);
            float planeMean = planeSum / r;
            double planeM2 = squaredDeviation(x, off, r, planeMean);
            if (count == 0) {
                total = planeSum;
                m2 = planeM2;
            } else {
                double delta = (double) planeMean - total / count;
                m2 += planeM2 + delta * delta * count * r / (count + r);
                total += planeSum;
            }
            count += r;
        }
        mean[ch] = (float) (total / count);
        var[ch] = (float) (m2 / count);
    }

    private static float squaredDeviation(float[] a, int off, int n, float mean) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(F, a, off + i).sub(m);
                acc = d.fma(d, acc);
            }
            s = Reduce.addLanes(acc);
        }
        for (; i < n; i++) {
            float d = a[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    /** {@code Σ g·(x − mean)} over one plane. */
    private static float dotCentered(float[] g, float[] x, int off, int n, float mean) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(F, x, off + i).sub(m);
                acc = d.fma(FloatVector.fromArray(F, g, off + i), acc);
            }
            s = Reduce.addLanes(acc);
        }
        for (; i < n; i++) {
            s += (x[off + i] - mean) * g[off + i];
        }
        return s;
    }

    /** {@code y = (x − mean)·scale + shift} over all planes of channel ch. */
    private static void normalize(Layout s, float[] x, int ch, float mean, float scale, float shift, float[] y) {
        int r = s.r();
        int stride = s.c() * r;
        for (int i = 0, off = ch * r; i < s.n(); i++, off += stride) {
            normalizePlane(x, y, off, r, mean, scale, shift);
        }
    }

    private static void normalizePlane(float[] x, float[] y, int off, int n, float mean, float scale, float shift) {
        int i = 0;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector sc = FloatVector.broadcast(F, scale);
            FloatVector sh = FloatVector.broadcast(F, shift);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector.fromArray(F, x, off + i).sub(m).fma(sc, sh).intoArray(y, off + i);
            }
        }
        for (; i < n; i++) {
            y[off + i] = Math.fma(x[off + i] - mean, scale, shift);
        }
    }

    /** {@code gx = a·g + b·(x − mean) + d} over one plane. */
    private static void inputGradient(float[] g, float[] x, float[] gx, int off, int n, float mean, float a,
                                      float b, float d) {
        int i = 0;
        if (n >= L) {
            FloatVector m = FloatVector.broadcast(F, mean);
            FloatVector av = FloatVector.broadcast(F, a);
            FloatVector bv = FloatVector.broadcast(F, b);
            FloatVector dv = FloatVector.broadcast(F, d);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector t = FloatVector.fromArray(F, x, off + i).sub(m).fma(bv, dv);
                FloatVector.fromArray(F, g, off + i).fma(av, t).intoArray(gx, off + i);
            }
        }
        for (; i < n; i++) {
            gx[off + i] = Math.fma(g[off + i], a, Math.fma(x[off + i] - mean, b, d));
        }
    }
}
