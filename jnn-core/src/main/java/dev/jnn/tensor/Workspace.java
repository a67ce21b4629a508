package dev.jnn.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;

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
        final HashMap<Integer, ArrayDeque<float[]>> pool = new HashMap<>();
        final HashMap<Integer, ArrayDeque<int[]>> intPool = new HashMap<>();
        final ArrayDeque<Workspace> open = new ArrayDeque<>();
        int suspended;
        long fresh;
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
        ArrayDeque<float[]> free = s.pool.get(n);
        float[] a = free == null ? null : free.poll();
        if (a == null) {
            a = new float[n];
            s.fresh++;
        } else if (zeroed) {
            java.util.Arrays.fill(a, 0f);
        }
        s.open.peek().taken.add(a);
        return a;
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
        ArrayDeque<int[]> free = s.intPool.get(n);
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

    /** Number of arrays waiting in this thread's pool (for tests and diagnostics). */
    public static int pooledArrays() {
        int n = 0;
        for (ArrayDeque<float[]> q : STATE.get().pool.values()) {
            n += q.size();
        }
        return n;
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
        for (float[] a : taken) {
            state.pool.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        }
        taken.clear();
        for (int[] a : takenInts) {
            state.intPool.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        }
        takenInts.clear();
    }
}
