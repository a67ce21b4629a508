package dev.jnn.nn.activation;

import dev.jnn.nn.Module;
import dev.jnn.nn.Parameter;
import dev.jnn.nn.init.Initializer;
import dev.jnn.tensor.Tensor;

/**
 * Parametric ReLU (He et al. 2015): {@code y = x} for x &gt; 0, {@code α·x} otherwise, with α learned.
 * {@code new PReLU()} learns one α shared by all elements; {@code new PReLU(channels)} one per channel (axis 1 of an
 * input {@code [N, C, ...]}). Parameter {@code weight} (PyTorch's name) of shape {@code [1]} or {@code [C]}, default
 * initializer <b>constant 0.25</b> (PyTorch's default).
 */
public final class PReLU extends Module {

    private final Parameter alpha;

    /** One α shared by all elements. */
    public PReLU() {
        this(1);
    }

    /** One α per channel (axis 1); {@code channels == 1} shares one α. */
    public PReLU(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("PReLU: channels must be >= 1, got " + channels);
        }
        alpha = addParameter(new Parameter("weight", Initializer.constant(0.25), channels));
    }

    /** The slopes α. */
    public Parameter alpha() {
        return alpha;
    }

    @Override
    public Tensor forward(Tensor x) {
        try {
            return Activations.prelu(x, alpha.tensor());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected [N, "
                    + alpha.size() + ", ...] (channels on axis 1)", e);
        }
    }

    @Override
    public String describe() {
        return "PReLU(" + (alpha.size() == 1 ? "shared" : alpha.size() + " channels") + ")";
    }
}
