package dev.jnn.nn;

import dev.jnn.tensor.Tensor;
import java.util.Map;

/**
 * What {@link Conv1d} and {@link Conv2d} share beyond {@link WeightedLayer}: groups, the bias switch, and the (possibly
 * lazy) creation of {@code weight [out, in/groups, kernel...]} and {@code bias [out]}. Subclasses keep the
 * kernel geometry, padding, forward and shape inference. The self type {@code T} lets the fluent setters declared here
 * return the concrete layer, so {@code new Conv2d(1, 6, 5).useBias(false).padding(2)} still types as a Conv2d.
 */
abstract sealed class Convolution<T extends Convolution<T>> extends WeightedLayer<T> implements ShapeInference
        permits Conv1d, Conv2d {

    int groups = 1;

    Convolution(int out) {
        super(out);
    }

    /** The kernel extent per spatial axis: {@code {k}} or {@code {kH, kW}}. */
    abstract int[] kernel();

    final void create(int inChannels) {
        if (inChannels % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(describe() + ": input channels (" + inChannels + ") and output channels ("
                    + out + ") must both be divisible by groups (" + groups + ")");
        }
        int[] k = kernel();
        int[] shape = new int[2 + k.length];
        shape[0] = out;
        shape[1] = inChannels / groups;
        System.arraycopy(k, 0, shape, 2, k.length);
        createParameters(inChannels, shape);
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
