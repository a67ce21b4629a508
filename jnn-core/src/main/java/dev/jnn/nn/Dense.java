package dev.jnn.nn;

import dev.jnn.autograd.ops.MatmulOps;
import dev.jnn.kernel.UnaryOp;
import dev.jnn.tensor.Tensor;
import java.util.Map;

/**
 * A fully connected layer: {@code y = x·W + b}.
 *
 * <ul>
 *   <li>Input {@code [N, in]} (or {@code [..., in]}: it applies to the last axis, as Keras' Dense does); output
 *       {@code [N, out]} ({@code [..., out]}).</li>
 *   <li>{@code weight} W: {@code [in, out]}, default initializer <b>Glorot (Xavier) uniform</b>: U(−r, r) with
 *       {@code r = √(6 / (in + out))}, Keras' default.</li>
 *   <li>{@code bias} b: {@code [out]}, default initializer <b>zeros</b>; {@link #useBias(boolean) useBias(false)}
 *       drops it.</li>
 * </ul>
 * {@code new Dense(784, 300)} creates its parameters now; {@code new Dense(300)} infers {@code in} from the last axis
 * of its first input (or from a loaded state). Configure initializers and the bias before first use.
 */
public final class Dense extends WeightedLayer<Dense> {

    /** A lazy layer with {@code out} units; the input size is read from the first input. */
    public Dense(int out) {
        if (out < 1) {
            throw new IllegalArgumentException("Dense: the number of units must be >= 1, got " + out);
        }
        super(out);
    }

    /** A layer from {@code in} features to {@code out} units. */
    public Dense(int in, int out) {
        this(out);
        if (in < 1) {
            throw new IllegalArgumentException("Dense: the input size must be >= 1, got " + in);
        }
        create(in);
    }

    private void create(int inFeatures) {
        createParameters(inFeatures, inFeatures, out);
    }

    /** With {@code false}, the layer has no bias: {@code y = x·W}. Returns this. */
    public Dense useBias(boolean on) {
        if (on == useBias) {
            return this;
        }
        if (weight != null) {
            if (on) {
                addBias();
            } else {
                removeParameter("bias");
                bias = null;
            }
        }
        useBias = on;
        return this;
    }

    /** Input size, or 0 while a lazy layer is not built. */
    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    protected void buildFromState(Map<String, Tensor> own) {
        Tensor w = own.get("weight");
        if (w == null || w.rank() != 2 || w.dim(1) != out) {
            throw new IllegalArgumentException(describe() + ": cannot build from the saved state: expected a 'weight'"
                    + " of shape [in, " + out + "], got " + (w == null ? "none" : w.shape()));
        }
        create(w.dim(0));
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, UnaryOp.IDENTITY);
    }

    /**
     * {@code act(x·W + b)} with the activation folded into the layer's one output pass and one backward node
     * ({@link MatmulOps#linear}); act is IDENTITY, RELU, TANH or SIGMOID. {@link Sequential} uses it for a Dense
     * followed by such an {@link dev.jnn.nn.activation.Activation}.
     */
    public Tensor forward(Tensor x, UnaryOp act) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape()
                    + ": expected [batch, features]; add a batch axis with unsqueeze(0)");
        }
        if (weight == null) {
            create(x.dim(-1));
        }
        if (x.dim(-1) != in) {
            long perExample = x.size() / Math.max(1, x.dim(0));
            String fix = x.rank() > 2 && perExample == in ? "flatten first"
                    : "expected the last dimension to be " + in;
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": " + fix);
        }
        // One fused node (act(x·W + b)), not a matmul, a broadcast add and an activation.
        return MatmulOps.linear(x, weight.tensor(), bias == null ? null : bias.tensor(), act);
    }

    @Override
    public String describe() {
        return "Dense(" + (weight == null ? "?" : Integer.toString(in)) + "→" + out + (useBias ? "" : ", no bias")
                + ")";
    }
}
