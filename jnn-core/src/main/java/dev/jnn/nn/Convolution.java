package dev.jnn.nn;

import dev.jnn.nn.init.Initializer;
import dev.jnn.tensor.Tensor;
import java.util.Map;

/**
 * What {@link Conv1d} and {@link Conv2d} share: channels and groups, the optional bias, the initializers, and the
 * (possibly lazy) creation of {@code weight [out, in/groups, kernel...]} and {@code bias [out]}. Subclasses keep the
 * kernel geometry, padding, forward and shape inference. The self type {@code T} lets the fluent setters declared here
 * return the concrete layer, so {@code new Conv2d(1, 6, 5).useBias(false).padding(2)} still types as a Conv2d.
 */
abstract sealed class Convolution<T extends Convolution<T>> extends Module implements ShapeInference
        permits Conv1d, Conv2d {

    /** Input channels; 0 while a lazy layer is not built. */
    int in;
    final int out;
    int groups = 1;
    boolean useBias = true;
    private Initializer weightInit = Initializer.glorotUniform();
    private Initializer biasInit = Initializer.zeros();
    Parameter weight;
    Parameter bias;

    Convolution(int out) {
        this.out = out;
    }

    /** The kernel extent per spatial axis: {@code {k}} or {@code {kH, kW}}. */
    abstract int[] kernel();

    @SuppressWarnings("unchecked") // sealed: every subclass is declared as X extends Convolution<X>
    private T self() {
        return (T) this;
    }

    final void create(int inChannels) {
        if (inChannels % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(describe() + ": input channels (" + inChannels + ") and output channels ("
                    + out + ") must both be divisible by groups (" + groups + ")");
        }
        in = inChannels;
        int[] k = kernel();
        int[] shape = new int[2 + k.length];
        shape[0] = out;
        shape[1] = inChannels / groups;
        System.arraycopy(k, 0, shape, 2, k.length);
        weight = addParameter(new Parameter("weight", weightInit, shape));
        if (useBias) {
            bias = addParameter(new Parameter("bias", biasInit, out));
        }
    }

    /** Recreates the (still pending) parameters after a change of their shape. */
    private void recreate() {
        if (weight != null) {
            removeParameter("weight");
            removeParameter("bias");
            weight = null;
            bias = null;
            create(in);
        }
    }

    public T groups(int g) {
        if (g < 1 || out % g != 0 || (in > 0 && in % g != 0)) {
            throw new IllegalArgumentException(describe() + ": groups must be >= 1 and divide the input and output"
                    + " channels, got " + g);
        }
        groups = g;
        recreate();
        return self();
    }

    public T useBias(boolean on) {
        useBias = on;
        recreate();
        return self();
    }

    public T weightInit(Initializer init) {
        weightInit = init;
        if (weight != null) {
            weight.setInitializer(init);
        }
        return self();
    }

    public T biasInit(Initializer init) {
        biasInit = init;
        if (bias != null) {
            bias.setInitializer(init);
        }
        return self();
    }

    /** {@code [out, in/groups, kernel...]}; null before a lazy layer is built. */
    public Parameter weight() {
        return weight;
    }

    /** {@code [out]}; null without bias or before a lazy layer is built. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public boolean isBuilt() {
        return weight != null;
    }

    @Override
    protected void buildFromState(Map<String, Tensor> own) {
        Tensor w = own.get("weight");
        int[] k = kernel();
        boolean fits = w != null && w.rank() == 2 + k.length && w.dim(0) == out;
        for (int i = 0; fits && i < k.length; i++) {
            fits = w.dim(2 + i) == k[i];
        }
        if (!fits) {
            StringBuilder expected = new StringBuilder("[").append(out).append(", in/groups");
            for (int d : k) {
                expected.append(", ").append(d);
            }
            throw new IllegalArgumentException(describe() + ": cannot build from the saved state: expected a 'weight'"
                    + " of shape " + expected + "], got " + (w == null ? "none" : w.shape()));
        }
        create(w.dim(1) * groups);
    }

    /** Builds a lazy layer from the input's channels, then checks them. */
    final void checkChannels(int channels, Object shape) {
        if (weight == null) {
            create(channels);
        }
        if (channels != in) {
            throw new IllegalArgumentException(describe() + " got input " + shape + " with " + channels
                    + " channels; expected " + in);
        }
    }
}
