package dev.jnn.optim;

import dev.jnn.kernel.Parallel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Base of all optimizers. Every optimizer has the same API, so they are interchangeable:
 * {@link #step(List)} updates the given parameters from their gradients, {@link #setLearningRate(double)} lets a
 * schedule drive the rate, {@link #weightDecay(double)} and {@link #group} configure it, and {@link #state()} /
 * {@link #loadState(OptimizerState)} save and restore it as plain data.
 *
 * <p>Weight decay is the coupled (L2) kind, as PyTorch's {@code weight_decay}: the update uses {@code g + wd·w} in place
 * of {@code g}; the gradient arrays themselves are not modified.
 *
 * <p>The step count {@code t} is global (one per {@link #step} call, as Keras' {@code iterations}); a parameter first
 * seen late (unfrozen later) starts its slots at zero. Per-parameter slots are allocated on first use and reused, so a
 * steady-state step allocates nothing. Not thread-safe: one optimizer belongs to one training loop.
 */
public abstract class Optimizer {

    private double learningRate;
    private double weightDecay;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<String, Slots> slots = new HashMap<>();
    private long steps;

    /** Total parameter values from which an update is split over the threads. */
    static final int PARALLEL_MIN = 1 << 15;

    // The current step's work list (reused, so a steady-state step allocates nothing) and per-position slot cache.
    private Trainable[] work = new Trainable[0];
    private Slots[] workSlots = new Slots[0];
    private float[] workLr = new float[0];
    private float[] workWd = new float[0];
    private long[] workStart = new long[1];
    private int workCount;
    private int workChunks;
    private long workStep;
    private String[] cachedNames = new String[0];
    private Slots[] cachedSlots = new Slots[0];
    private final IntConsumer updateChunk = this::updateChunk;

    /** One parameter's state: {@code data[k]} is slot {@code slotNames()[k]}. */
    private static final class Slots {
        final float[][] data;
        long lastStep = -1;

        Slots(float[][] data) {
            this.data = data;
        }
    }

    protected Optimizer(double learningRate) {
        setLearningRate(learningRate);
    }

    /** Short name used in {@link OptimizerState#optimizer()} and messages, e.g. {@code "Adam"}. */
    public abstract String name();

    /** Names of the per-parameter slots, e.g. {@code {"m", "v"}} for Adam; empty for plain SGD. */
    protected abstract String[] slotNames();

    /**
     * Updates {@code n} values at {@code w[wo..]} from gradients {@code g[go..]}, with the parameter's slots {@code s}
     * read and written at {@code s[k][so..]}, learning rate {@code lr}, weight decay {@code wd} and step {@code t >= 1}.
     * Elementwise: a big parameter is updated in slices on several threads, so each element's result must depend on
     * that element alone (then it is the same for any thread count).
     */
    protected abstract void update(float[] w, int wo, float[] g, int go, float[][] s, int so, int n, float lr,
                                   float wd, long t);

    public final double learningRate() {
        return learningRate;
    }

    /** Sets the base learning rate; schedules call this each epoch or step. */
    public final void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(name() + ": learning rate must be finite and >= 0, got " + lr);
        }
        this.learningRate = lr;
    }

    public final double weightDecay() {
        return weightDecay;
    }

    /** Sets the coupled (L2) weight decay for parameters whose group does not set its own. */
    public final Optimizer weightDecay(double wd) {
        if (!(wd >= 0) || Double.isInfinite(wd)) {
            throw new IllegalArgumentException(name() + ": weight decay must be finite and >= 0, got " + wd);
        }
        this.weightDecay = wd;
        return this;
    }

    /** Adds a parameter group (name prefix → learning-rate multiplier, weight decay). Longest matching prefix wins. */
    public final Optimizer group(ParamGroup group) {
        for (ParamGroup g : groups) {
            if (g.prefix().equals(group.prefix())) {
                throw new IllegalArgumentException(name() + ": a group with prefix '" + group.prefix()
                        + "' already exists");
            }
        }
        groups.add(group);
        return this;
    }

    /** Shorthand for {@code group(ParamGroup.of(prefix, lrScale))}. */
    public final Optimizer group(String prefix, double lrScale) {
        return group(ParamGroup.of(prefix, lrScale));
    }

    public final List<ParamGroup> groups() {
        return List.copyOf(groups);
    }

    /** Number of {@link #step} calls so far (restored by {@link #loadState}). */
    public final long steps() {
        return steps;
    }

    /**
     * Updates every trainable parameter from its gradient; frozen ones ({@code trainable() == false}) are skipped.
     * All parameters are checked before any is updated. Once the parameters hold more than {@link #PARALLEL_MIN}
     * values in all, their concatenation is cut into equal slices that the pool's threads share (memory-bound
     * loops, so two cores update up to twice as fast).
     */
    public final void step(List<? extends Trainable> params) {
        long t = steps + 1;
        int size = params.size();
        if (work.length < size) {
            work = new Trainable[size];
            workSlots = new Slots[size];
            workLr = new float[size];
            workWd = new float[size];
            workStart = new long[size + 1];
            cachedNames = java.util.Arrays.copyOf(cachedNames, size);
            cachedSlots = java.util.Arrays.copyOf(cachedSlots, size);
        }
        int count = 0;
        long total = 0;
        for (int i = 0; i < size; i++) {
            Trainable p = params.get(i);
            if (!p.trainable()) {
                continue;
            }
            ParamGroup group = groupOf(p.name());
            double lr = group == null ? learningRate : learningRate * group.lrScale();
            double wd = group == null || Double.isNaN(group.weightDecay()) ? weightDecay : group.weightDecay();
            checkSlices(p);
            work[count] = p;
            workSlots[count] = slotsFor(p, i, t);
            workLr[count] = (float) lr;
            workWd[count] = (float) wd;
            workStart[count] = total;
            total += p.size();
            count++;
        }
        workStart[count] = total;
        workCount = count;
        workStep = t;
        try {
            // A few slices per thread: a thread the OS preempts then holds back less of the step.
            int threads = Parallel.threads();
            int chunks = total < PARALLEL_MIN || threads < 2 ? 1
                    : (int) Math.min(4L * threads, total / (PARALLEL_MIN / 2));
            if (chunks <= 1) {
                for (int k = 0; k < count; k++) {
                    Trainable p = work[k];
                    update(p.values(), p.valuesOffset(), p.grads(), p.gradsOffset(), workSlots[k].data, 0, p.size(),
                            workLr[k], workWd[k], t);
                }
            } else {
                workChunks = chunks;
                Parallel.forChunks(chunks, updateChunk);
            }
        } finally {
            java.util.Arrays.fill(work, 0, count, null); // the optimizer must not keep a model's parameters alive
        }
        steps = t;
    }

    /** Slice {@code c} of {@code workChunks} of the concatenated parameters (borders on multiples of 16 values). */
    private void updateChunk(int c) {
        long total = workStart[workCount];
        long from = c == 0 ? 0 : Math.min(total, (total * c / workChunks) & ~15L);
        long to = c + 1 == workChunks ? total : Math.min(total, (total * (c + 1) / workChunks) & ~15L);
        for (int k = 0; k < workCount && from < to; k++) {
            long start = workStart[k];
            long end = workStart[k + 1];
            if (end <= from || start >= to) {
                continue;
            }
            int lo = (int) (Math.max(from, start) - start);
            int hi = (int) (Math.min(to, end) - start);
            Trainable p = work[k];
            update(p.values(), p.valuesOffset() + lo, p.grads(), p.gradsOffset() + lo, workSlots[k].data, lo, hi - lo,
                    workLr[k], workWd[k], workStep);
        }
    }

    private ParamGroup groupOf(String name) {
        ParamGroup best = null;
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            if (g.matches(name) && (best == null || g.prefix().length() > best.prefix().length())) {
                best = g;
            }
        }
        return best;
    }

    private Slots slotsFor(Trainable p, int position, long t) {
        String name = p.name();
        int k = slotNames().length;
        // Parameters come in the same list, with the same name strings, every step: skip the map lookup then.
        Slots s = cachedNames[position] == name ? cachedSlots[position] : slots.get(name);
        if (s == null) {
            float[][] data = new float[k][p.size()];
            s = new Slots(data);
            slots.put(name, s);
        } else if (k > 0 && s.data[0].length != p.size()) {
            throw new IllegalStateException(name() + ": parameter '" + p.name() + "' has " + p.size()
                    + " elements but the optimizer state holds " + s.data[0].length
                    + "; was the state loaded for another model?");
        }
        cachedNames[position] = name;
        cachedSlots[position] = s;
        if (s.lastStep == t) {
            throw new IllegalArgumentException(name() + ": two parameters are named '" + p.name()
                    + "' in one step; names key the optimizer state and must be unique");
        }
        s.lastStep = t;
        return s;
    }

    private void checkSlices(Trainable p) {
        int n = p.size();
        if (p.valuesOffset() < 0 || p.valuesOffset() + (long) n > p.values().length
                || p.gradsOffset() < 0 || p.gradsOffset() + (long) n > p.grads().length) {
            throw new IllegalArgumentException(name() + ": parameter '" + p.name() + "' of size " + n
                    + " does not fit its arrays (values offset " + p.valuesOffset() + " of " + p.values().length
                    + ", grads offset " + p.gradsOffset() + " of " + p.grads().length + ")");
        }
    }

    /** A deep copy of the optimizer's state as plain data. */
    public final OptimizerState state() {
        var out = new LinkedHashMap<String, float[]>();
        String[] names = slotNames();
        slots.keySet().stream().sorted().forEach(param -> {
            float[][] data = slots.get(param).data;
            for (int k = 0; k < names.length; k++) {
                out.put(param + "/" + names[k], data[k]);
            }
        });
        return new OptimizerState(name(), steps, learningRate, out);
    }

    /**
     * Replaces this optimizer's step count, learning rate and slots by {@code state}'s. Hyper-parameters (betas,
     * epsilon, groups, weight decay) are configuration and stay as constructed.
     */
    public final void loadState(OptimizerState state) {
        if (!state.optimizer().equals(name())) {
            throw new IllegalArgumentException(name() + ": cannot load the state of a " + state.optimizer()
                    + " optimizer; construct a " + state.optimizer() + " instead");
        }
        String[] names = slotNames();
        var loaded = new HashMap<String, float[][]>();
        for (var e : state.slots().entrySet()) {
            String key = e.getKey();
            int cut = key.lastIndexOf('/');
            int k = cut < 0 ? -1 : List.of(names).indexOf(key.substring(cut + 1));
            if (k < 0) {
                throw new IllegalArgumentException(name() + ": unknown state entry '" + key + "'; expected"
                        + " '<parameter>/<slot>' with slot one of " + List.of(names));
            }
            float[][] data = loaded.computeIfAbsent(key.substring(0, cut), p -> new float[names.length][]);
            data[k] = e.getValue();
        }
        for (var e : loaded.entrySet()) {
            float[][] data = e.getValue();
            for (int k = 0; k < names.length; k++) {
                if (data[k] == null || data[k].length != data[0].length) {
                    throw new IllegalArgumentException(name() + ": state of parameter '" + e.getKey()
                            + "' lacks slot '" + names[k] + "' or its slots differ in length");
                }
            }
        }
        slots.clear();
        java.util.Arrays.fill(cachedNames, null);
        java.util.Arrays.fill(cachedSlots, null);
        loaded.forEach((p, data) -> slots.put(p, new Slots(data)));
        steps = state.step();
        setLearningRate(state.learningRate());
    }

    @Override
    public String toString() {
        return name() + "(lr=" + learningRate + (weightDecay != 0 ? ", weightDecay=" + weightDecay : "")
                + (groups.isEmpty() ? "" : ", groups=" + groups) + ")";
    }
}
