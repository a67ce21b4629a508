package dev.jnn.nn;

import dev.jnn.nn.init.Initializer;
import dev.jnn.optim.Trainable;
import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A learned weight of a {@link Module}: a leaf {@link Tensor} that requires gradients, its initializer, its name and
 * a trainable flag. It is the {@link Trainable} that optimizers update.
 *
 * <p>The values and the gradient live in two arrays owned by the parameter, allocated once (never from a {@link
 * dev.jnn.tensor.Workspace}), so a training step that calls {@link Module#zeroGrad()} and {@code backward()} allocates
 * nothing for them.
 *
 * <p><b>Initialization is deferred</b>: the values are drawn the first time they are used ({@link #tensor()},
 * {@link #values()}), from the generator that {@link Module} derives for this parameter (see {@link
 * Module#initialize(long)}), so that a layer built before it is placed into a model still gets weights that depend on
 * the model's seed and on its position in the model, not on construction order.
 *
 * <p>{@link #name()} is the dotted path from the root module, like {@code "0.weight"} or {@code "block1.conv.weight"};
 * it keys optimizer state and saved models.
 */
public final class Parameter implements Trainable {

    private final String localName;
    private final int[] dims;
    private Initializer initializer;
    private final Tensor tensor;
    private final float[] grads;
    private Module owner;
    private boolean trainable = true;
    private boolean pending = true;
    private String name;
    private String namePrefix;

    /** A parameter of the given shape, filled by {@code initializer} on first use. */
    public Parameter(String localName, Initializer initializer, int... dims) {
        if (localName == null || localName.isEmpty() || localName.contains(".")) {
            throw new IllegalArgumentException("Parameter: a name must be non-empty and contain no '.', got '"
                    + localName + "'");
        }
        if (initializer == null) {
            throw new IllegalArgumentException("Parameter '" + localName + "': initializer is null");
        }
        this.localName = localName;
        this.dims = dims.clone();
        this.initializer = initializer;
        int n = dev.jnn.tensor.Shape.of(dims).size();
        this.tensor = Tensor.of(new float[n], this.dims).requiresGrad(true);
        this.grads = new float[n];
        tensor.setGrad(Tensor.of(grads, this.dims));
    }

    /** The leaf tensor holding the values (drawn now if still pending); use it in {@code forward}. */
    public Tensor tensor() {
        materialize();
        return tensor;
    }

    /** The name inside the module that holds it, e.g. {@code "weight"}. */
    public String localName() {
        return localName;
    }

    /** The dotted path from the root module, e.g. {@code "block1.conv.weight"}. */
    @Override
    public String name() {
        if (owner == null) {
            return localName;
        }
        // Optimizers ask for the name of every parameter at every step: rebuild it only when the path changed.
        String prefix = owner.prefix();
        if (prefix != namePrefix) {
            name = prefix + localName;
            namePrefix = prefix;
        }
        return name;
    }

    /** The module that registered this parameter, or null. */
    public Module owner() {
        return owner;
    }

    public Initializer initializer() {
        return initializer;
    }

    /** Replaces the initializer; only before the values are drawn (then use {@link #initialize} directly). */
    public Parameter setInitializer(Initializer init) {
        if (init == null) {
            throw new IllegalArgumentException("Parameter '" + name() + "': initializer is null");
        }
        if (!pending) {
            throw new IllegalStateException("Parameter '" + name() + "': values are already drawn; set the "
                    + "initializer before first use, or call initialize(rng) to redraw");
        }
        initializer = init;
        return this;
    }

    @Override
    public float[] values() {
        materialize();
        return tensor.data();
    }

    @Override
    public int valuesOffset() {
        return 0;
    }

    @Override
    public float[] grads() {
        tensor.grad(); // clears the array if zeroGrad() was called since the last write (zeroGrad is lazy)
        return grads;
    }

    @Override
    public int gradsOffset() {
        return 0;
    }

    @Override
    public int size() {
        return grads.length;
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) this parameter. A frozen parameter neither accumulates a
     * gradient (its tensor stops requiring one) nor is updated by optimizers.
     */
    public Parameter setTrainable(boolean on) {
        trainable = on;
        tensor.requiresGrad(on);
        return this;
    }

    /** Sets the accumulated gradient to zero. */
    public void zeroGrad() {
        tensor.zeroGrad();
    }

    /** Redraws the values now from {@code rng}. */
    public void initialize(RandomGenerator rng) {
        initializer.fill(tensor.data(), 0, dims, rng);
        pending = false;
    }

    /** Copies {@code values} (same shape) into this parameter; the deferred initialization is cancelled. */
    public void load(Tensor values) {
        if (!values.shape().equals(tensor.shape())) {
            throw new IllegalArgumentException("Parameter '" + name() + "' has shape " + tensor.shape()
                    + " but the loaded tensor has shape " + values.shape());
        }
        tensor.copyFrom(values);
        pending = false;
    }

    /** Whether the values are still waiting to be drawn. */
    public boolean isPending() {
        return pending;
    }

    /** Draws the values if they are still pending, from the generator its module derives for it. */
    void materialize() {
        if (pending) {
            initialize(owner == null ? Seeds.generator(Seeds.DEFAULT_SEED, localName) : owner.generatorFor(localName));
        }
    }

    void attach(Module module) {
        if (owner != null && owner != module) {
            throw new IllegalStateException("Parameter '" + name() + "' already belongs to " + owner.describe()
                    + "; a parameter can belong to one module only");
        }
        owner = module;
    }

    @Override
    public String toString() {
        return "Parameter(" + name() + ", " + Arrays.toString(dims) + (trainable ? "" : ", frozen") + ")";
    }
}
