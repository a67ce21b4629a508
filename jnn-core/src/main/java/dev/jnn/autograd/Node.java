package dev.jnn.autograd;

import dev.jnn.tensor.Tensor;

/**
 * One operation on the tape: its name (for messages), its inputs and its backward rule. After a backward pass
 * has gone through it, the node is released: it drops its inputs and rule (and with them the values saved for
 * backward), so a loss kept after {@code backward()} does not pin the whole step's memory.
 */
public final class Node {

    private final String name;
    private Tensor[] inputs;
    private Backward backward;

    public Node(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    public String name() {
        return name;
    }

    /** The recorded inputs (null entries for absent optional inputs); empty once released. */
    public Tensor[] inputs() {
        return inputs;
    }

    Backward backward() {
        if (backward == null) {
            throw new IllegalStateException("backward: the graph through " + name + " was already used by an earlier "
                    + "backward pass and freed; recompute the forward pass to differentiate again");
        }
        return backward;
    }

    /** Whether a backward pass has already consumed this node. */
    public boolean isReleased() {
        return backward == null;
    }

    void release() {
        inputs = new Tensor[0];
        backward = null;
    }
}
