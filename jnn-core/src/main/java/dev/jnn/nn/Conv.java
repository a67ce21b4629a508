package dev.jnn.nn;

import dev.jnn.nn.init.Initializer;
import dev.jnn.tensor.Tensor;
import java.util.Map;

/**
 * What {@link Conv1d} and {@link Conv2d} share: the parameters, their lazy creation, the configuration and the
 * checks. Weight {@code [out, in/groups, k, …]} with default initializer <b>Glorot (Xavier) uniform</b> (Keras'
 * default; fans as PyTorch computes them: fanIn = (in/groups)·k^d, fanOut = out·k^d), bias {@code [out]} with
 * <b>zeros</b>.
 */
public abstract sealed class Conv extends Module permits Conv1d, Conv2d {

    private final int spatialDims;
    private int in;
    private final int out;
    private final int kernel;
    private int stride = 1;
    private int padding;
    private int dilation = 1;
    private int groups = 1;
    private boolean useBias = true;
    private Initializer weightInit = Initializer.glorotUniform();
    private Initializer biasInit = Initializer.zeros();
    private Parameter weight;
    private Parameter bias;

    Conv(int spatialDims, int in, int out, int kernel) {
        this.spatialDims = spatialDims;
        if (out < 1 || kernel < 1 || in < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need out >= 1 and kernel >= 1, got out="
                    + out + ", kernel=" + kernel);
        }
        this.out = out;
        this.kernel = kernel;
        if (in > 0) {
            create(in);
        }
    }

    private void create(int inChannels) {
        if (inChannels % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(describe() + ": " + inChannels + " input and " + out
                    + " output channels must both be divisible by groups=" + groups);
        }
        in = inChannels;
        int[] dims = new int[2 + spatialDims];
        dims[0] = out;
        dims[1] = inChannels / groups;
        for (int i = 0; i < spatialDims; i++) {
            dims[2 + i] = kernel;
        }
        weight = addParameter(new Parameter("weight", weightInit, dims));
        if (useBias) {
            bias = addParameter(new Parameter("bias", biasInit, out));
        }
    }

    /** The step between windows (default 1). Returns this. */
    public Conv stride(int s) {
        stride = positive("stride", s);
        return this;
    }

    /** Zeros added on each side of every spatial axis (default 0). Returns this. */
    public Conv padding(int p) {
        if (p < 0) {
            throw new IllegalArgumentException(describe() + ": padding must be >= 0, got " + p);
        }
        padding = p;
        return this;
    }

    /** Padding that keeps the spatial size at stride 1: {@code dilation·(kernel − 1)/2} (odd kernels). Returns this. */
    public Conv paddingSame() {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException(describe() + ": 'same' padding needs an odd kernel, got " + kernel);
        }
        padding = dilation * (kernel - 1) / 2;
        return this;
    }

    /** Spacing between kernel taps (default 1). Returns this. */
    public Conv dilation(int d) {
        dilation = positive("dilation", d);
        return this;
    }

    /** Channel groups (default 1; {@code groups == in} is a depthwise convolution). Before first use. Returns this. */
    public Conv groups(int g) {
        positive("groups", g);
        if (g == groups) {
            return this;
        }
        groups = g;
        if (weight != null) {
            removeParameter("weight");
            removeParameter("bias");
            weight = null;
            bias = null;
            create(in);
        }
        return this;
    }

    /** With {@code false}, no bias. Before first use. Returns this. */
    public Conv useBias(boolean on) {
        if (on == useBias) {
            return this;
        }
        if (weight != null) {
            if (on) {
                bias = addParameter(new Parameter("bias", biasInit, out));
            } else {
                removeParameter("bias");
                bias = null;
            }
        }
        useBias = on;
        return this;
    }

    /** Replaces the weight initializer (before first use). Returns this. */
    public Conv weightInit(Initializer init) {
        weightInit = init;
        if (weight != null) {
            weight.setInitializer(init);
        }
        return this;
    }

    /** Replaces the bias initializer (before first use). Returns this. */
    public Conv biasInit(Initializer init) {
        biasInit = init;
        if (bias != null) {
            bias.setInitializer(init);
        }
        return this;
    }

    private int positive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(describe() + ": " + what + " must be >= 1, got " + v);
        }
        return v;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    public int kernelSize() {
        return kernel;
    }

    @Override
    public boolean isBuilt() {
        return weight != null;
    }

    @Override
    protected void buildFromState(Map<String, Tensor> own) {
        Tensor w = own.get("weight");
        if (w == null || w.rank() != 2 + spatialDims || w.dim(0) != out) {
            throw new IllegalArgumentException(describe() + ": cannot build from the saved state: expected a 'weight'"
                    + " of rank " + (2 + spatialDims) + " with " + out + " output channels, got "
                    + (w == null ? "none" : w.shape()));
        }
        create(w.dim(1) * groups);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 + spatialDims) {
            String layout = spatialDims == 1 ? "[N, C, L]" : "[N, C, H, W]";
            String fix = x.rank() == spatialDims + 1 ? "add the batch axis with unsqueeze(0)"
                    : x.rank() == 2 ? "reshape to " + layout + " (e.g. new Reshape(1, 28, 28) before it)"
                    : "reshape to " + layout;
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected " + layout
                    + "; " + fix);
        }
        if (weight == null) {
            create(x.dim(1));
        }
        if (x.dim(1) != in) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + " with " + x.dim(1)
                    + " channels on axis 1; expected " + in);
        }
        return apply(x, weight.tensor(), bias == null ? null : bias.tensor(), stride, padding, dilation, groups);
    }

    abstract Tensor apply(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation, int groups);

    @Override
    public String describe() {
        String k = spatialDims == 1 ? Integer.toString(kernel) : kernel + "×" + kernel;
        return getClass().getSimpleName() + "(" + (weight == null ? "?" : Integer.toString(in)) + "→" + out + ", " + k
                + (stride != 1 ? ", stride=" + stride : "") + (padding != 0 ? ", padding=" + padding : "")
                + (dilation != 1 ? ", dilation=" + dilation : "") + (groups != 1 ? ", groups=" + groups : "")
                + (useBias ? "" : ", no bias") + ")";
    }
}
