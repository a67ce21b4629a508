package dev.jnn.nn.activation;

import dev.jnn.nn.Module;
import dev.jnn.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Randomized leaky ReLU (Xu et al. 2015): {@code y = x} for x &gt; 0, {@code α·x} otherwise. In training each
 * element draws its own α uniformly from {@code [lower, upper]}; in evaluation α is the mean {@code (lower + upper) /
 * 2}. Defaults 1/8 and 1/3 (PyTorch's). The draws come from a generator derived from the model's seed and this
 * layer's path (see {@link Module#initialize(long)}), restarted by {@code initialize}. No parameters.
 */
public final class RReLU extends Module {

    private final float lower;
    private final float upper;
    private SplittableRandom rng;

    public RReLU() {
        this(1f / 8, 1f / 3);
    }

    public RReLU(float lower, float upper) {
        if (!(lower <= upper) || lower < 0) {
            throw new IllegalArgumentException("RReLU: need 0 <= lower <= upper, got [" + lower + ", " + upper + "]");
        }
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (isTraining() && rng == null) {
            rng = generatorFor("slopes");
        }
        return Activations.rrelu(x, lower, upper, isTraining(), rng);
    }

    @Override
    protected void onInitialize() {
        rng = null;
    }

    @Override
    public String describe() {
        return "RReLU(" + lower + ", " + upper + ")";
    }
}
