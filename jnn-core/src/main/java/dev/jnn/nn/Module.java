package dev.jnn.nn;

import dev.jnn.autograd.NoGrad;
import dev.jnn.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A piece of a network: it maps an input tensor to an output tensor with {@link #forward(Tensor)}, and owns named
 * {@link Parameter}s (learned), buffers (state that is saved but not learned, such as BatchNorm's running statistics)
 * and child modules.
 *
 * <p>Module is an abstract class, not a sealed hierarchy, because users write their own layers: subclass it,
 * register parameters with {@link #addParameter}, buffers with {@link #addBuffer} and children with {@link #addModule}
 * (usually in the constructor, or in the first {@code forward} for layers that infer their input size), and compose
 * differentiable {@link Tensor} operations in {@code forward}. Gradients then come for free.
 *
 * <h2>Names</h2>
 * Names are dotted paths, as in PyTorch: a {@code Sequential} names its children {@code "0"}, {@code "1"}, …, so the
 * weight of its first Dense layer is {@code "0.weight"}. {@link #namedParameters()}, {@link #namedBuffers()} and
 * {@link #stateDict()} give names relative to the module they are called on; {@link Parameter#name()} gives the path
 * from the root (it keys optimizer state). A module belongs to at most one parent: layers are not shared.
 *
 * <h2>Seeds and initialization</h2>
 * Every random draw of a module (initial weights, dropout masks) comes from a generator derived from a seed and the
 * drawing parameter's path: the seed of the nearest enclosing module that was given one with {@link
 * #initialize(long)} (the path taken relative to it), or {@code 0} for a model never given one. So the same seed gives
 * bit-identical weights, and a block initialized with seed 7 gets the same weights wherever it is placed. Values are
 * drawn on first use (see {@link Parameter}); {@code initialize(seed)} redraws every parameter of the subtree now.
 *
 * <h2>Lazy build</h2>
 * Layers may infer their input size on the first {@code forward} ({@code new Dense(120)}), as Keras' {@code build}
 * does; until then they have no parameters. Call {@link #build(int...)} with an input shape (batch included) to
 * create them before handing {@link #parameters()} to an optimizer. {@link #loadState(Map)} also builds them from
 * the loaded shapes.
 */
public abstract class Module {

    private final LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private Module parent;
    private String nameInParent;
    private String cachedPrefix;
    private boolean hasSeed;
    private long seed;
    private boolean training = true;

    /**
     * Computes the output for {@code input}; records operations for gradients unless a NoGrad scope is open. Inside
     * a {@link dev.jnn.tensor.Workspace} a container may hand {@code input} back to it once this returns (unless a
     * recorded backward rule saved it), so a layer must not keep its input, or a view of it, for later use.
     */
    public abstract Tensor forward(Tensor input);

    // ---------------------------------------------------------------- registration (for subclasses)

    /** Registers a parameter under its {@link Parameter#localName()}; returns it. */
    protected final Parameter addParameter(Parameter p) {
        checkFreeName(p.localName());
        p.attach(this);
        params.put(p.localName(), p);
        return p;
    }

    /** Unregisters a parameter that is still pending (a layer dropping its bias before first use). */
    protected final void removeParameter(String name) {
        Parameter p = params.get(name);
        if (p == null) {
            return;
        }
        if (!p.isPending()) {
            throw new IllegalStateException(describe() + ": parameter '" + name + "' is already in use; configure "
                    + "the layer before its first forward pass");
        }
        params.remove(name);
    }

    /** Registers a buffer: saved in {@link #stateDict()}, not learned. Update it in place (it is a live tensor). */
    protected final Tensor addBuffer(String name, Tensor value) {
        checkFreeName(name);
        if (value.requiresGrad() || !value.isContiguous()) {
            throw new IllegalArgumentException(describe() + ": buffer '" + name
                    + "' must be a contiguous tensor that does not require gradients");
        }
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module under {@code name}; returns it. */
    protected final <M extends Module> M addModule(String name, M child) {
        checkFreeName(name);
        Module c = child; // private members are reached through Module, not through the type variable
        if (c == this) {
            throw new IllegalArgumentException(describe() + ": a module cannot contain itself");
        }
        if (c.parent != null) {
            throw new IllegalArgumentException(describe() + ": " + c.describe() + " already belongs to a model (as '"
                    + c.path("") + "'); create a new instance for each place, layers are not shared");
        }
        c.parent = this;
        c.nameInParent = name;
        c.train(training);
        c.invalidatePaths();
        children.put(name, child);
        return child;
    }

    private void checkFreeName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(describe() + ": names must be non-empty without '.', got '" + name + "'");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(describe() + ": the name '" + name + "' is already used");
        }
    }

    // ---------------------------------------------------------------- tree queries

    /** Direct children by name, in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** The enclosing module, or null for a root. */
    public final Module parent() {
        return parent;
    }

    /** All parameters of this subtree, depth first in registration order (the list an optimizer steps). */
    public final List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Only the parameters that are not frozen. */
    public final List<Parameter> trainableParameters() {
        return parameters().stream().filter(Parameter::trainable).toList();
    }

    /** Parameters of this subtree by dotted name relative to this module. */
    public final Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** Buffers of this subtree by dotted name relative to this module. */
    public final Map<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> ps, Map<String, Tensor> bs) {
        if (ps != null) {
            params.forEach((n, p) -> ps.put(prefix + n, p));
        }
        if (bs != null) {
            buffers.forEach((n, b) -> bs.put(prefix + n, b));
        }
        children.forEach((n, c) -> c.collect(prefix + n + ".", ps, bs));
    }

    /** Every module of this subtree (this one first, name ""), by dotted name. */
    public final Map<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        walk("", out);
        return out;
    }

    private void walk(String name, Map<String, Module> out) {
        out.put(name, this);
        children.forEach((n, c) -> c.walk(name.isEmpty() ? n : name + "." + n, out));
    }

    /** Total number of parameter elements (weights) in this subtree. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }

    // ---------------------------------------------------------------- state

    /**
     * A snapshot of every parameter and buffer of this subtree, by dotted name: parameters first, then buffers.
     * The tensors are copies (later training does not change them), contiguous and detached.
     */
    public final Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, Tensor.of(p.values().clone(), p.dims())));
        namedBuffers().forEach((n, b) -> out.put(n, Tensor.of(b.toArray(), b.shape().toArray())));
        return out;
    }

    /** {@link #loadState(Map, boolean) loadState(state, true)}: every name must match, both ways. */
    public final void loadState(Map<String, Tensor> state) {
        loadState(state, true);
    }

    /**
     * Copies values from {@code state} (as made by {@link #stateDict()}) into this subtree's parameters and buffers.
     * Layers not built yet are built from the shapes found in {@code state}. Shapes must match exactly; with
     * {@code strict}, a name missing on either side is an error (all problems are listed in one message), otherwise
     * unmatched names are skipped. Nothing is changed when an error is thrown.
     */
    public final void loadState(Map<String, Tensor> state, boolean strict) {
        StateLoading.load(this, state, strict);
    }

    /** False for a layer that infers its input size and has not seen an input yet. */
    public boolean isBuilt() {
        return true;
    }

    /**
     * Creates the parameters of a layer that is not built yet from the shapes of its own entries in a state being
     * loaded ({@code "weight"}, {@code "bias"}, …). Lazy layers override it; the default cannot.
     */
    protected void buildFromState(Map<String, Tensor> ownEntries) {
        throw new IllegalStateException(describe() + " is not built and cannot be built from a saved state; call "
                + "build(inputShape) first");
    }

    /**
     * Builds every lazy layer by running one forward pass on zeros of {@code inputShape} (batch axis included), in
     * evaluation mode and without recording gradients, so running statistics and random streams are untouched.
     * Returns this module.
     */
    public final Module build(int... inputShape) {
        boolean was = training;
        train(false);
        try (NoGrad g = NoGrad.enter()) {
            forward(Tensor.of(new float[dev.jnn.tensor.Shape.of(inputShape).size()], inputShape));
        } finally {
            train(was);
        }
        return this;
    }

    // ---------------------------------------------------------------- modes and freezing

    /** Sets training ({@code true}) or evaluation mode on this subtree; returns this. */
    public Module train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
        return this;
    }

    /** Training mode: dropout drops, batch normalization uses batch statistics. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode: dropout is the identity, batch normalization uses its running statistics. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Freezes every parameter of this subtree (no gradients, no updates); returns this. */
    public final Module freeze() {
        parameters().forEach(p -> p.setTrainable(false));
        return this;
    }

    /** Unfreezes every parameter of this subtree; returns this. */
    public final Module unfreeze() {
        parameters().forEach(p -> p.setTrainable(true));
        return this;
    }

    /** Sets every parameter gradient of this subtree to zero. */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    // ---------------------------------------------------------------- seeds

    /**
     * Seeds this subtree with {@code seed} (replacing seeds given to its descendants) and redraws all its
     * parameters now; lazy layers built later draw from it too. Random streams (dropout) restart.
     */
    public final Module initialize(long seed) {
        this.seed = seed;
        this.hasSeed = true;
        children.values().forEach(Module::clearSeeds);
        namedModules().values().forEach(m -> {
            m.params.values().forEach(p -> p.initialize(m.generatorFor(p.localName())));
            m.onInitialize();
        });
        return this;
    }

    private void clearSeeds() {
        hasSeed = false;
        children.values().forEach(Module::clearSeeds);
    }

    /**
     * Called by {@link #initialize(long)} after this module's parameters are redrawn: modules with random streams or
     * statistics reset them here.
     */
    protected void onInitialize() {
    }

    /**
     * A generator for {@code purpose} (a parameter's local name, or e.g. {@code "dropout"}), derived from the seed of
     * the nearest seeded ancestor and the path from it (see the class comment).
     */
    protected final SplittableRandom generatorFor(String purpose) {
        String rel = purpose;
        Module m = this;
        while (!m.hasSeed && m.parent != null) {
            rel = m.nameInParent + "." + rel;
            m = m.parent;
        }
        return Seeds.generator(m.hasSeed ? m.seed : Seeds.DEFAULT_SEED, rel);
    }

    // ---------------------------------------------------------------- names and printing

    /** {@code ""} for a root, else the path from the root with a trailing dot; the same object until re-parented. */
    final String prefix() {
        if (cachedPrefix == null) {
            cachedPrefix = parent == null ? "" : parent.path(nameInParent) + ".";
        }
        return cachedPrefix;
    }

    /** The dotted path from the root to {@code local} inside this module ({@code local} may be empty). */
    final String path(String local) {
        prefix();
        return local.isEmpty() && !cachedPrefix.isEmpty() ? cachedPrefix.substring(0, cachedPrefix.length() - 1)
                : cachedPrefix + local;
    }

    private void invalidatePaths() {
        cachedPrefix = null;
        children.values().forEach(Module::invalidatePaths);
    }

    /** One line naming this module and its configuration, e.g. {@code "Dense(784→300)"}. */
    public String describe() {
        return getClass().getSimpleName();
    }

    /** A tree: this module's description, then its children indented, one per line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        print(sb, "");
        return sb.toString();
    }

    private void print(StringBuilder sb, String indent) {
        sb.append(describe());
        if (children.isEmpty()) {
            return;
        }
        sb.append("(\n");
        children.forEach((n, c) -> {
            sb.append(indent).append("  (").append(n).append("): ");
            c.print(sb, indent + "  ");
            sb.append('\n');
        });
        sb.append(indent).append(')');
    }
}
