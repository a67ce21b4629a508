package dev.jnn.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;

/**
 * An optional scope that recycles the arrays of temporary tensors, so that a repeated training step allocates no
 * new large arrays once warm.
 *
 * <p>Every tensor array allocated on this thread while a workspace is open (activations, saved values, gradients of
 * intermediate results) is handed back to a per-thread pool, keyed by length, when the workspace closes; the next
 * step takes its arrays from that pool. Tensors created inside the scope must therefore not be used after it closes:
 * read results out first ({@link Tensor#item()}, {@link Tensor#toArray()}) or {@link #keep(Tensor)} them. Parameter
 * gradients of leaves are never pooled: they live as long as the parameter. Code that must create long-lived tensors
 * inside a step (a layer built lazily on first use) wraps that in {@link #unpooled(java.util.function.Supplier)}.
 *
 * <p>Arrays may also go back before the workspace closes, through {@link #release}: container layers hand back an
 * activation once the next layer has consumed it and the backward pass hands back each gradient once consumed, so a
 * step's peak holds the values that backward rules saved ({@link #markSaved}) plus a few more, not every array of
 * the step ({@link #peakFloats()} measures it). Released arrays are reused within the same step.
 *
 * <p>The scope is opt-in: without it, tensors are plain garbage-collected arrays. A trainer opens one per step:
 * <pre>{@code
 * try (var step = Workspace.open()) {
 *     Tensor loss = model.forward(x).crossEntropy(labels);
 *     loss.backward();
 *     lossSum += loss.item();
 * }
 * }</pre>
 */
public final class Workspace implements AutoCloseable {

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private static final class State {
        final LengthPool<float[]> pool = new LengthPool<>();
        final LengthPool<int[]> intPool = new LengthPool<>();
        final ArrayDeque<Workspace> open = new ArrayDeque<>();
        /** Arrays a recorded backward rule reads: {@link #release} leaves them alone until their workspace closes. */
        final IdentityHashMap<float[], Boolean> saved = new IdentityHashMap<>();
        int suspended;
        long fresh;
        long outstanding;
        long peakOutstanding;
        long handedOut;
    }

    private final State state;
    private final ArrayList<float[]> taken = new ArrayList<>();
    private final ArrayList<int[]> takenInts = new ArrayList<>();
    private boolean closed;

    private Workspace(State state) {
        this.state = state;
    }

    /** Opens a workspace on this thread; close it (try-with-resources) on the same thread. Scopes may nest. */
    public static Workspace open() {
        State s = STATE.get();
        Workspace w = new Workspace(s);
        s.open.push(w);
        return w;
    }

    /** Whether arrays allocated now on this thread are recycled. */
    public static boolean isActive() {
        State s = STATE.get();
        return !s.open.isEmpty() && s.suspended == 0;
    }

    /** Runs {@code body} with recycling paused, for tensors that must outlive the current workspace. */
    public static <T> T unpooled(java.util.function.Supplier<T> body) {
        State s = STATE.get();
        s.suspended++;
        try {
            return body.get();
        } finally {
            s.suspended--;
        }
    }

    /** A copy of {@code t} in an array that is not recycled, so it stays valid after the workspace closes. */
    public static Tensor keep(Tensor t) {
        return unpooled(() -> t.detach().copy());
    }

    /**
     * An array of {@code n} floats: from the pool when a workspace is open, else new. When {@code zeroed} is false the
     * contents are arbitrary and the caller overwrites them all.
     */
    static float[] allocate(int n, boolean zeroed) {
        State s = STATE.get();
        if (s.open.isEmpty() || s.suspended > 0 || n == 0) {
            return new float[n];
        }
        ArrayDeque<float[]> free = s.pool.find(n);
        float[] a = free == null ? null : free.poll();
        if (a == null) {
            a = new float[n];
            s.fresh++;
        } else if (zeroed) {
            java.util.Arrays.fill(a, 0f);
        }
        s.open.peek().taken.add(a);
        s.outstanding += n;
        s.handedOut += n;
        if (s.outstanding > s.peakOutstanding) {
            s.peakOutstanding = s.outstanding;
        }
        return a;
    }

    /**
     * Marks the array of {@code t} as read by a backward rule of the current step, so that {@link #release} leaves it
     * alone until its workspace closes. {@code dev.jnn.autograd.Graph} calls this for every tensor a recorded node
     * saves; without an open workspace it does nothing.
     */
    public static void markSaved(Tensor t) {
        State s = STATE.get();
        if (t != null && !s.open.isEmpty()) {
            s.saved.put(t.data(), Boolean.TRUE);
        }
    }

    /** Whether the array of {@code t} is marked as read by a backward rule of the current step. */
    public static boolean isSaved(Tensor t) {
        return STATE.get().saved.containsKey(t.data());
    }

    /**
     * Where the innermost open workspace of this thread stands: {@link #releaseSince} with this mark returns only
     * arrays taken after it (0 without an open workspace).
     */
    public static int mark() {
        State s = STATE.get();
        return s.open.isEmpty() ? 0 : s.open.peek().taken.size();
    }

    /**
     * Hands the array of {@code t} back to the pool now, before its workspace closes, so that the rest of the step
     * can reuse it: for a tensor that no one reads again (an activation the next layer has consumed and no backward
     * rule saved, a gradient the backward pass has consumed). The caller guarantees that no live tensor shares the
     * array. Does nothing, and returns false, unless the array was taken in the innermost open workspace on this
     * thread (parameters, inputs and unpooled tensors are never released) and is not {@linkplain #markSaved saved}.
     */
    public static boolean release(Tensor t) {
        return releaseSince(0, t);
    }

    /** Like {@link #release}, only for an array taken after {@code mark} (from {@link #mark()}). */
    public static boolean releaseSince(int mark, Tensor t) {
        State s = STATE.get();
        if (t == null || s.open.isEmpty()) {
            return false;
        }
        float[] a = t.data();
        if (a.length == 0 || s.saved.containsKey(a)) {
            return false;
        }
        ArrayList<float[]> taken = s.open.peek().taken;
        // released entries become null (the order of the list stays, so marks stay valid); recent arrays, the
        // usual case, are found first
        for (int i = taken.size() - 1; i >= mark; i--) {
            if (taken.get(i) == a) {
                taken.set(i, null);
                s.pool.queue(a.length).push(a);
                s.outstanding -= a.length;
                return true;
            }
        }
        return false;
    }

    /**
     * An {@code int[]} of length {@code n} with arbitrary contents, recycled like tensor arrays: for index buffers
     * an operation saves for its backward pass (the argmax of max pooling, class labels).
     */
    public static int[] intArray(int n) {
        State s = STATE.get();
        if (s.open.isEmpty() || s.suspended > 0 || n == 0) {
            return new int[n];
        }
        ArrayDeque<int[]> free = s.intPool.find(n);
        int[] a = free == null ? null : free.poll();
        if (a == null) {
            a = new int[n];
            s.fresh++;
        }
        s.open.peek().takenInts.add(a);
        return a;
    }

    /** Number of arrays this workspace has handed out so far (for tests and diagnostics). */
    public int arraysTaken() {
        return taken.size();
    }

    /**
     * How many arrays workspaces on this thread had to allocate because the pool had none of the needed length;
     * constant once a repeated step is warm (for tests and diagnostics).
     */
    public static long freshArrays() {
        return STATE.get().fresh;
    }

    /**
     * The most floats the workspaces of this thread have had out at once (taken and not yet back in the pool) since
     * {@link #resetPeak()}: the pool's share of a step's peak memory (for tests and diagnostics).
     */
    public static long peakFloats() {
        return STATE.get().peakOutstanding;
    }

    /**
     * How many floats workspaces on this thread have handed out in all (counting a reused array each time): what a
     * step would hold at its end if nothing went back to the pool before the workspace closes (for tests).
     */
    public static long floatsHandedOut() {
        return STATE.get().handedOut;
    }

    /** Starts a new {@link #peakFloats()} measurement from the floats out now. */
    public static void resetPeak() {
        State s = STATE.get();
        s.peakOutstanding = s.outstanding;
    }

    /** Number of arrays waiting in this thread's pool (for tests and diagnostics). */
    public static int pooledArrays() {
        return STATE.get().pool.count();
    }

    /** Returns every array taken inside this workspace to the pool; tensors made inside it are now invalid. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (state.open.peek() != this) {
            throw new IllegalStateException("Workspace.close: workspaces must be closed in reverse order of opening, "
                    + "on the thread that opened them");
        }
        state.open.pop();
        closed = true;
        for (int i = 0, n = taken.size(); i < n; i++) {
            float[] a = taken.get(i);
            if (a != null) {
                state.pool.queue(a.length).push(a);
                state.outstanding -= a.length;
                state.saved.remove(a);
            }
        }
        taken.clear();
        if (state.open.isEmpty()) {
            state.saved.clear(); // marks on parameters and inputs, whose arrays are never taken
        }
        for (int i = 0, n = takenInts.size(); i < n; i++) {
            int[] a = takenInts.get(i);
            state.intPool.queue(a.length).push(a);
        }
        takenInts.clear();
    }
}
