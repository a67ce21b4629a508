package dev.jnn.nn;

import dev.jnn.nn.init.Initializer;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * LeNet-5's subsampling layers S2 and S4 (LeCun et al. 1998, §II.B): each map's non-overlapping {@code k × k}
 * windows are summed, multiplied by a learned coefficient and shifted by a learned bias, one pair per map:
 * <pre>
 *   y[n, c, i, j] = weight[c] · Σ_{p, q < k} x[n, c, k·i + p, k·j + q] + bias[c]
 * </pre>
 * then the network applies its activation (the paper's "sigmoidal function", {@link
 * dev.jnn.nn.activation.ScaledTanh} in the zoo). Parameters {@code weight} {@code [C]}, default <b>1/k²</b> (so it
 * starts as average pooling; the paper draws every weight from U(±2.4/fanIn), which can start a map with a negative
 * sign) and {@code bias} {@code [C]}, default <b>zeros</b>: 2·C parameters (S2: 12, S4: 32). One multiply-accumulate
 * per output value.
 */
public final class TrainableSubsampling extends Module implements ShapeInference {

    private final int channels;
    private final int k;
    private final Parameter weight;
    private final Parameter bias;

    /** {@code channels} maps, 2×2 windows (the paper's). */
    public TrainableSubsampling(int channels) {
        this(channels, 2);
    }

    public TrainableSubsampling(int channels, int kernel) {
        if (channels < 1 || kernel < 1) {
            throw new IllegalArgumentException("TrainableSubsampling: channels and kernel must be >= 1, got "
                    + channels + " and " + kernel);
        }
        this.channels = channels;
        this.k = kernel;
        this.weight = addParameter(new Parameter("weight", Initializer.constant(1.0 / (kernel * kernel)), channels));
        this.bias = addParameter(new Parameter("bias", Initializer.zeros(), channels));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != channels) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected [N, " + channels
                    + ", H, W]");
        }
        Tensor sums = x.avgPool2d(k, k, 0).mul((float) (k * k));
        return sums.mul(weight.tensor().reshape(1, channels, 1, 1)).add(bias.tensor().reshape(1, channels, 1, 1));
    }

    @Override
    public Shape outputShape(Shape s) {
        if (s.rank() != 3 || s.dim(0) != channels || s.dim(1) < k || s.dim(2) < k) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + s + ": expected ["
                    + channels + ", H >= " + k + ", W >= " + k + "]");
        }
        return Shape.of(channels, s.dim(1) / k, s.dim(2) / k);
    }

    @Override
    public long macs(Shape s) {
        return outputShape(s).size();
    }

    @Override
    public String describe() {
        return "TrainableSubsampling(" + channels + ", " + k + "x" + k + ")";
    }
}
