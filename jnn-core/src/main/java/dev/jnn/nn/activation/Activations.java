package dev.jnn.nn.activation;

import dev.jnn.autograd.ops.ActivationOps;
import dev.jnn.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Activation functions on tensors, each differentiable (the step and sign functions have derivative zero). The same
 * functions as layers: {@link Activation}, {@link PReLU}, {@link RReLU}.
 *
 * <p>Derivatives at a kink follow PyTorch: ReLU, leaky ReLU and ELU use the left-hand slope at 0 (0, α, α), hard tanh
 * passes the gradient only strictly inside its range.
 */
public final class Activations {

    private Activations() {}

    /** Heaviside unit step: 0 for x &lt; 0, 0.5 at 0, 1 for x &gt; 0. Derivative 0. */
    public static Tensor step(Tensor x) {
        return Pointwise.apply("step", x, v -> v > 0 ? 1f : v < 0 ? 0f : 0.5f, null);
    }

    /** Sign: −1, 0 or 1. Derivative 0. */
    public static Tensor sign(Tensor x) {
        return Pointwise.apply("sign", x, Math::signum, null);
    }

    /** Identity: the output is the input itself. */
    public static Tensor linear(Tensor x) {
        return x;
    }

    /** Piecewise-linear "hard tanh": x clipped to [−1, 1]. */
    public static Tensor hardTanh(Tensor x) {
        return hardTanh(x, -1f, 1f);
    }

    /** Piecewise linear: x clipped to [min, max]; slope 1 strictly inside, 0 outside. */
    public static Tensor hardTanh(Tensor x, float min, float max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("hardTanh: need min < max, got [" + min + ", " + max + "]");
        }
        return Pointwise.apply("hardTanh", x, v -> v < min ? min : v > max ? max : v,
                v -> v > min && v < max ? 1f : 0f);
    }

    /** Hard sigmoid, piecewise linear: clip(x/6 + 1/2, 0, 1) (PyTorch's definition). */
    public static Tensor hardSigmoid(Tensor x) {
        return Pointwise.apply("hardSigmoid", x, v -> v <= -3 ? 0f : v >= 3 ? 1f : v / 6f + 0.5f,
                v -> v > -3 && v < 3 ? 1f / 6f : 0f);
    }

    /** 1 / (1 + e^−x). */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        return ActivationOps.relu(x);
    }

    /**
     * Softplus {@code log(1 + eˣ)}, computed stably as {@code max(x, 0) + log1p(e^−|x|)} (no overflow for large x, no
     * loss of precision for very negative x). Derivative: sigmoid(x).
     */
    public static Tensor softplus(Tensor x) {
        return Pointwise.apply("softplus", x, Activations::softplus, Activations::sigmoid);
    }

    static float softplus(float v) {
        return (float) (Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs((double) v))));
    }

    static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-(double) v)));
    }

    /** x for x &gt; 0, α·x otherwise. */
    public static Tensor leakyRelu(Tensor x, float alpha) {
        return Pointwise.apply("leakyRelu", x, v -> v > 0 ? v : alpha * v, v -> v > 0 ? 1f : alpha);
    }

    /** ELU: x for x &gt; 0, α·(eˣ − 1) otherwise (expm1, exact near 0). */
    public static Tensor elu(Tensor x, float alpha) {
        return Pointwise.apply("elu", x, v -> v > 0 ? v : (float) (alpha * Math.expm1(v)),
                v -> v > 0 ? 1f : (float) (alpha * Math.exp(v)));
    }

    /**
     * Randomized leaky ReLU: in training, α drawn uniformly from [lower, upper] for each element from {@code rng};
     * in evaluation, α = (lower + upper) / 2 for every element.
     */
    public static Tensor rrelu(Tensor x, float lower, float upper, boolean training, RandomGenerator rng) {
        if (!(lower <= upper) || lower < 0) {
            throw new IllegalArgumentException("rrelu: need 0 <= lower <= upper, got [" + lower + ", " + upper + "]");
        }
        if (!training) {
            return leakyRelu(x, (lower + upper) / 2);
        }
        // α is a constant of this pass: negative elements are multiplied by their own α, positive ones by 1.
        float[] slope = new float[x.size()];
        Tensor xc = x.detach().contiguous();
        float[] d = xc.data();
        for (int i = 0; i < slope.length; i++) {
            float a = lower + (upper - lower) * rng.nextFloat();
            slope[i] = d[xc.offset() + i] > 0 ? 1f : a;
        }
        return x.mul(Tensor.of(slope, x.shape().toArray()));
    }

    /**
     * Parametric ReLU: {@code x} where positive, {@code α·x} elsewhere, with α learned. {@code alpha} has one element
     * (shared) or one per channel, the channel being axis 1 of {@code x}.
     */
    public static Tensor prelu(Tensor x, Tensor alpha) {
        Tensor a = alpha;
        if (alpha.size() != 1) {
            if (x.rank() < 2 || x.dim(1) != alpha.size()) {
                throw new IllegalArgumentException("prelu: " + alpha.size() + " slopes need input [N, "
                        + alpha.size() + ", ...], got " + x.shape());
            }
            int[] dims = new int[x.rank()];
            java.util.Arrays.fill(dims, 1);
            dims[1] = alpha.size();
            a = alpha.reshape(dims);
        }
        Tensor negative = x.minimum(0f);
        return x.relu().add(negative.mul(a));
    }

    /** Softmax along {@code axis}. */
    public static Tensor softmax(Tensor x, int axis) {
        return x.softmax(axis);
    }

    /** log(softmax(x)) along {@code axis}, computed stably. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return x.logSoftmax(axis);
    }
}
