package dev.jnn.nn;

import dev.jnn.tensor.Tensor;

/**
 * Local response normalization: each value is divided by a power of the summed squares of its neighbours.
 *
 * <p><b>Across channels</b> (AlexNet, Krizhevsky et al. 2012), for an input {@code [N, C, ...]}:
 * <pre>
 *   b_c = a_c / (k + (α/n) · Σ_{c' = c − ⌊n/2⌋}^{c + ⌊(n−1)/2⌋} a_{c'}²)^β
 * </pre>
 * with channels outside {@code [0, C)} counting as zero. This is PyTorch's {@code LocalResponseNorm}: note <b>α/n</b>,
 * where the AlexNet paper writes α alone (its α = 1e-4 with n = 5); to reproduce the paper's formula exactly pass
 * {@code alpha = 5e-4}. Defaults are AlexNet's: n = 5, α = 1e-4, β = 0.75, k = 2.
 *
 * <p><b>Within a channel</b> (Caffe's {@code WITHIN_CHANNEL}): the neighbourhood is the {@code n × n} (or n, for 1-d
 * inputs) spatial window centred on the value in the same channel, and α is divided by the window's size n²:
 * <pre>
 *   b_{c,i,j} = a_{c,i,j} / (k + (α/n²) · Σ_{window} a²)^β
 * </pre>
 * Input {@code [N, C, H, W]} (or {@code [N, C, L]}). No parameters.
 */
public final class LocalResponseNorm extends Module {

    /** Where the neighbours are. */
    public enum Region { ACROSS_CHANNELS, WITHIN_CHANNEL }

    private final Region region;
    private final int size;
    private final float alpha;
    private final float beta;
    private final float k;

    /** Across channels with AlexNet's constants: n = 5, α = 1e-4, β = 0.75, k = 2. */
    public LocalResponseNorm() {
        this(Region.ACROSS_CHANNELS, 5, 1e-4, 0.75, 2);
    }

    public LocalResponseNorm(Region region, int size, double alpha, double beta, double k) {
        if (region == null || size < 1 || !(alpha >= 0) || !(beta >= 0) || !(k > 0)) {
            throw new IllegalArgumentException("LocalResponseNorm: need a region, size >= 1, alpha >= 0, beta >= 0,"
                    + " k > 0; got " + region + ", " + size + ", " + alpha + ", " + beta + ", " + k);
        }
        this.region = region;
        this.size = size;
        this.alpha = (float) alpha;
        this.beta = (float) beta;
        this.k = (float) k;
    }

    /** Across channels: PyTorch's {@code LocalResponseNorm(size, alpha, beta, k)}. */
    public static LocalResponseNorm acrossChannels(int size, double alpha, double beta, double k) {
        return new LocalResponseNorm(Region.ACROSS_CHANNELS, size, alpha, beta, k);
    }

    /** Within each channel over a {@code size × size} window. */
    public static LocalResponseNorm withinChannel(int size, double alpha, double beta, double k) {
        return new LocalResponseNorm(Region.WITHIN_CHANNEL, size, alpha, beta, k);
    }

    @Override
    public Tensor forward(Tensor x) {
        int minRank = region == Region.ACROSS_CHANNELS ? 2 : 3;
        if (x.rank() < minRank) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected "
                    + (minRank == 2 ? "[N, C, ...]" : "[N, C, H, W] or [N, C, L]"));
        }
        Tensor sums = x.square();
        float count = 1;
        if (region == Region.ACROSS_CHANNELS) {
            sums = windowSum(sums, 1);
            count = size;
        } else {
            for (int axis = 2; axis < x.rank(); axis++) {
                sums = windowSum(sums, axis);
                count *= size;
            }
        }
        Tensor denominator = sums.mul(alpha / count).add(k).pow(beta);
        return x.div(denominator);
    }

    /**
     * Σ over the window [i − ⌊n/2⌋, i + ⌊(n−1)/2⌋] along {@code axis}, zeros outside: pad with zeros, add n shifted
     * slices. Box sums are separable, so a 2-d window is two 1-d passes (2n slices, not n²).
     */
    private Tensor windowSum(Tensor t, int axis) {
        if (size == 1) {
            return t;
        }
        int len = t.dim(axis);
        int before = size / 2;
        int after = (size - 1) / 2;
        int[] padBefore = t.shape().toArray();
        int[] padAfter = t.shape().toArray();
        padBefore[axis] = before;
        padAfter[axis] = after;
        Tensor padded = after == 0 ? Tensor.concat(axis, Tensor.zeros(padBefore), t)
                : Tensor.concat(axis, Tensor.zeros(padBefore), t, Tensor.zeros(padAfter));
        Tensor sum = padded.narrow(axis, 0, len);
        for (int i = 1; i < size; i++) {
            sum = sum.add(padded.narrow(axis, i, len));
        }
        return sum;
    }

    @Override
    public String describe() {
        return "LocalResponseNorm(" + (region == Region.ACROSS_CHANNELS ? "across channels" : "within channel")
                + ", size=" + size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k + ")";
    }
}
