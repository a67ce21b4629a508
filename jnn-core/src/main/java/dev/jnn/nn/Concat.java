package dev.jnn.nn;

import dev.jnn.tensor.Tensor;

/**
 * Parallel branches on the same input, outputs concatenated along an axis (channels, axis 1, by default), as in an
 * Inception block: {@code y = concat(branch0(x), branch1(x), …)}. Children {@code "0"}, {@code "1"}, …; no parameters
 * of its own.
 * <pre>{@code
 * new Concat(conv1x1, new Sequential(reduce3x3, conv3x3), new Sequential(reduce5x5, conv5x5), poolProj)
 * }</pre>
 */
public final class Concat extends Module {

    private final int axis;
    private final Module[] branches;

    /** Branches concatenated along axis 1 (channels of {@code [N, C, ...]}). */
    public Concat(Module... branches) {
        this(1, branches);
    }

    /** Branches concatenated along {@code axis}. */
    public Concat(int axis, Module... branches) {
        if (branches.length == 0) {
            throw new IllegalArgumentException("Concat: give at least one branch");
        }
        this.axis = axis;
        this.branches = branches.clone();
        for (int i = 0; i < branches.length; i++) {
            addModule(Integer.toString(i), branches[i]);
        }
    }

    /** The concatenation axis (of the batched tensor: 1 is channels). */
    public int axis() {
        return axis;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor[] outs = new Tensor[branches.length];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = branches[i].forward(x);
        }
        try {
            return Tensor.concat(axis, outs);
        } catch (IllegalArgumentException e) {
            StringBuilder shapes = new StringBuilder();
            for (Tensor t : outs) {
                shapes.append(shapes.isEmpty() ? "" : ", ").append(t.shape());
            }
            throw new IllegalArgumentException("Concat(axis=" + axis + "): branch outputs " + shapes
                    + " must agree on every axis but " + axis + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String describe() {
        return "Concat(axis=" + axis + ")";
    }
}
