package dev.jnn.autograd;

import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;
import java.util.ArrayList;
import java.util.IdentityHashMap;

/**
 * The tape: {@link #record} attaches a node to an operation's output; {@link #backward} sorts the nodes reachable
 * from the loss topologically and runs each backward rule once, in reverse order.
 *
 * <p>Gradients of intermediate results live only during the pass (they are not kept on the tensors). Gradients of
 * leaves that require them accumulate, across passes, in an array owned by the leaf, allocated once and outside any
 * {@link dev.jnn.tensor.Workspace}, so {@link Tensor#zeroGrad()} plus a new pass allocates nothing for them.
 */
public final class Graph {

    private Graph() {}

    /**
     * Records that {@code output} was computed from {@code inputs} by {@code name}, with the given backward rule —
     * unless recording is off or no input requires gradients. Returns {@code output}. The rule may read the values of
     * the inputs and of the output: they are {@linkplain Workspace#markSaved marked saved}, so that no layer hands
     * their arrays back to the workspace before the step ends. A rule that reads less says so with
     * {@link #recordSaving}.
     */
    public static Tensor record(Tensor output, String name, Backward backward, Tensor... inputs) {
        if (!needsNode(inputs)) {
            return output;
        }
        for (Tensor in : inputs) {
            Workspace.markSaved(in);
        }
        Workspace.markSaved(output);
        output.setGradFn(new Node(name, inputs, backward));
        return output;
    }

    /**
     * Like {@link #record}, for a rule that reads the values of {@code saved} only (besides its output gradient; an
     * empty array when it reads none, as for an addition): the other inputs' arrays may be handed back to the
     * workspace as soon as the forward pass has consumed them (a batch-norm output that only a ReLU reads, which
     * saves its own output instead). Listing too few is a bug that corrupts gradients; too many only costs memory.
     */
    public static Tensor recordSaving(Tensor output, String name, Backward backward, Tensor[] saved,
            Tensor... inputs) {
        if (!needsNode(inputs)) {
            return output;
        }
        for (Tensor t : saved) {
            Workspace.markSaved(t);
        }
        output.setGradFn(new Node(name, inputs, backward));
        return output;
    }

    private static boolean needsNode(Tensor[] inputs) {
        if (!NoGrad.isRecording()) {
            return false;
        }
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Runs the backward pass from {@code root}, seeding it with {@code gradRoot} (same shape as root). */
    public static void backward(Tensor root, Tensor gradRoot) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor of shape " + root.shape()
                    + " does not require gradients; mark a parameter with requiresGrad(true) before computing it");
        }
        if (!gradRoot.shape().equals(root.shape())) {
            throw new IllegalArgumentException("backward: gradient of shape " + gradRoot.shape()
                    + " does not match the output shape " + root.shape());
        }
        if (root.gradFn() != null && root.gradFn().isReleased()) {
            root.gradFn().backward(); // throws, naming the op
        }
        ArrayList<Tensor> order = topologicalOrder(root);
        IdentityHashMap<Tensor, Tensor> pending = new IdentityHashMap<>();
        // gradients taken from the workspace during this pass go back to it as soon as they are consumed, so the
        // pass holds a few of them at a time rather than one per recorded operation
        int mark = Workspace.mark();
        ArrayList<Tensor> consumed = new ArrayList<>();
        try (NoGrad g = NoGrad.enter()) {
            if (root.isLeaf()) {
                accumulateLeaf(root, gradRoot);
                return;
            }
            pending.put(root, gradRoot);
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor grad = pending.remove(t);
                if (grad == null) {
                    continue;
                }
                Node node = t.gradFn();
                Tensor[] grads = node.backward().apply(grad);
                Tensor[] inputs = node.inputs();
                consumed.add(grad);
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    Tensor gk = grads[k];
                    if (gk == null) {
                        continue;
                    }
                    if (in == null || !in.requiresGrad()) {
                        consumed.add(gk); // computed for an input that needs none
                        continue;
                    }
                    if (!gk.shape().equals(in.shape())) {
                        throw new IllegalStateException("backward of " + node.name() + " returned a gradient of shape "
                                + gk.shape() + " for an input of shape " + in.shape());
                    }
                    if (in.isLeaf()) {
                        accumulateLeaf(in, gk);
                        consumed.add(gk);
                    } else {
                        Tensor prev = pending.get(in);
                        if (prev == null) {
                            pending.put(in, gk);
                        } else {
                            pending.put(in, prev.add(gk));
                            consumed.add(prev);
                            consumed.add(gk);
                        }
                    }
                }
                releaseConsumed(mark, consumed, pending);
            }
        } finally {
            for (Tensor t : order) {
                if (t.gradFn() != null) {
                    t.gradFn().release();
                }
            }
        }
    }

    /**
     * Hands the arrays of consumed gradients back to the workspace, unless a pending gradient shares one (a rule may
     * pass its output gradient on unchanged, to several inputs) or it was not taken during this pass.
     */
    private static void releaseConsumed(int mark, ArrayList<Tensor> consumed, IdentityHashMap<Tensor, Tensor> pending) {
        for (int i = 0, n = consumed.size(); i < n; i++) {
            float[] a = consumed.get(i).data();
            boolean shared = false;
            for (Tensor p : pending.values()) {
                if (p.data() == a) {
                    shared = true;
                    break;
                }
            }
            if (!shared) {
                Workspace.releaseSince(mark, consumed.get(i));
            }
        }
        consumed.clear();
    }

    /**
     * For backward rules that add a gradient straight into a leaf's accumulator instead of returning it, saving a
     * temporary array and a pass over it (a weight gradient as a GEMM with {@code beta = 1}, a bias gradient as column
     * sums): the leaf's gradient, contiguous and of the leaf's shape, created zeroed (outside any workspace) if absent.
     * Null when {@code t} is not a leaf that requires gradients; the rule then returns that gradient as usual. A rule
     * that writes here returns null for that input. Call it only from inside a backward rule.
     */
    public static Tensor leafGradient(Tensor t) {
        if (t == null || !t.isLeaf() || !t.requiresGrad()) {
            return null;
        }
        Tensor acc = t.grad();
        if (acc == null) {
            acc = Tensor.of(new float[t.size()], t.shape().toArray());
            t.setGrad(acc);
        }
        return acc.isContiguous() && acc.shape().equals(t.shape()) ? acc : null;
    }

    /**
     * Like {@link #leafGradient}, for a rule that writes every element of the gradient at once (a GEMM with
     * {@code beta = 0}): the leaf's accumulator when it holds nothing yet in this pass (cleared by
     * {@link Tensor#zeroGrad()} or never used), else null, and the rule then adds through {@link #leafGradient}.
     */
    public static Tensor leafGradientToOverwrite(Tensor t) {
        if (t == null || !t.isLeaf() || !t.requiresGrad()) {
            return null;
        }
        Tensor acc = t.gradToOverwrite();
        if (acc == null) {
            if (t.grad() != null) {
                return null;
            }
            acc = Tensor.of(new float[t.size()], t.shape().toArray());
            t.setGrad(acc);
        } else if (!acc.isContiguous() || !acc.shape().equals(t.shape())) {
            acc.fill(0f); // what the cleared state stood for; the rule adds through leafGradient
            return null;
        }
        return acc;
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        Tensor fresh = leaf.gradToOverwrite();
        if (fresh != null) {
            fresh.copyFrom(g);
            return;
        }
        Tensor acc = leaf.grad();
        if (acc == null) {
            float[] owned = new float[leaf.size()];
            acc = Tensor.of(owned, leaf.shape().toArray());
            acc.copyFrom(g);
            leaf.setGrad(acc);
        } else {
            acc.addInPlace(g, 1f);
        }
    }

    /** Tensors with a node, each after all tensors it was computed from (iterative depth-first search). */
    private static ArrayList<Tensor> topologicalOrder(Tensor root) {
        ArrayList<Tensor> order = new ArrayList<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayList<Tensor> stack = new ArrayList<>();
        ArrayList<Integer> next = new ArrayList<>();
        stack.add(root);
        next.add(0);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor t = stack.get(top);
            Node node = t.gradFn();
            int k = next.get(top);
            if (node != null && k < node.inputs().length) {
                next.set(top, k + 1);
                Tensor in = node.inputs()[k];
                if (in != null && in.gradFn() != null && seen.put(in, Boolean.TRUE) == null) {
                    stack.add(in);
                    next.add(0);
                }
            } else {
                stack.remove(top);
                next.remove(top);
                order.add(t);
            }
        }
        return order;
    }
}
