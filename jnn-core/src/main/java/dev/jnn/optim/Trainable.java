package dev.jnn.optim;

/**
 * A parameter as optimizers, regularizers, constraints and gradient clipping see it: a slice of a {@code float[]} of
 * values and a slice of equal size of a {@code float[]} of gradients. {@code nn.Parameter} implements it; tests and
 * array-level code can implement it with a record.
 *
 * <p>Slices (not whole arrays) let a model keep all parameters in one contiguous buffer, as llm.c does, so that a
 * checkpoint or a future all-reduce touches one array.
 */
public interface Trainable {

    /** Stable name, unique within a model (e.g. {@code "dense1.weight"}): it keys optimizer state and groups. */
    String name();

    /** Array holding the values; the parameter occupies {@code [valuesOffset(), valuesOffset() + size())}. */
    float[] values();

    int valuesOffset();

    /** Array holding the gradients; the gradient occupies {@code [gradsOffset(), gradsOffset() + size())}. */
    float[] grads();

    int gradsOffset();

    /** Number of elements (the product of {@link #dims()}). */
    int size();

    /**
     * Shape, row-major. Dense weights are {@code [in, out]}, convolution kernels {@code [outC, inC/groups, kh, kw]},
     * biases {@code [n]}. {@link MaxNorm} and the initializers read the fans from it.
     */
    int[] dims();

    /** False for frozen parameters: optimizers, clipping and constraints skip them. */
    boolean trainable();
}
