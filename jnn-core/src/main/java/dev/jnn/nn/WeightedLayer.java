package dev.jnn.nn;

import dev.jnn.nn.init.Initializer;

/**
 * What {@link Dense} and the convolutions share: {@code in → out} sizes, a {@code weight} and an optional {@code bias
 * [out]} created now or, for a lazy layer, from the first input, and their initializers (Glorot uniform and zeros by
 * default). The self type {@code T} lets the fluent setters declared here return the concrete layer, so
 * {@code new Dense(300).biasInit(...)} still types as a Dense.
 */
abstract sealed class WeightedLayer<T extends WeightedLayer<T>> extends Module permits Dense, Convolution {

    /** Input features or channels; 0 while a lazy layer is not built. */
    int in;
    final int out;
    boolean useBias = true;
    private Initializer weightInit = Initializer.glorotUniform();
    private Initializer biasInit = Initializer.zeros();
    Parameter weight;
    Parameter bias;

    WeightedLayer(int out) {
        this.out = out;
    }

    @SuppressWarnings("unchecked") // sealed: every concrete subclass is declared as X extends WeightedLayer<X>
    final T self() {
        return (T) this;
    }

    /** Registers the weight of the given shape and, with {@link #useBias}, the bias. */
    final void createParameters(int inSize, int... weightShape) {
        in = inSize;
        weight = addParameter(new Parameter("weight", weightInit, weightShape));
        if (useBias) {
            addBias();
        }
    }

    final void addBias() {
        bias = addParameter(new Parameter("bias", biasInit, out));
    }

    /** Replaces the weight initializer (before first use). Returns this. */
    public T weightInit(Initializer init) {
        weightInit = init;
        if (weight != null) {
            weight.setInitializer(init);
        }
        return self();
    }

    /** Replaces the bias initializer (before first use). Returns this. */
    public T biasInit(Initializer init) {
        biasInit = init;
        if (bias != null) {
            bias.setInitializer(init);
        }
        return self();
    }

    /** The weight; null before a lazy layer is built. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code [out]}; null without bias or before a lazy layer is built. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public boolean isBuilt() {
        return weight != null;
    }
}
