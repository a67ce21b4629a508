package dev.jnn.models;

import dev.jnn.tensor.Shape;

/** Checks shared by the zoo factories. */
final class Inputs {

    private Inputs() {}

    /** Checks that {@code input} is {@code [C, H, W]} with H, W at least {@code minSize}, and classes >= 1. */
    static void image(String model, Shape input, int classes, int minSize) {
        if (input == null || input.rank() != 3 || input.dim(0) < 1) {
            throw new IllegalArgumentException(model + ": the input shape must be one example [C, H, W] (no batch axis),"
                    + " got " + input);
        }
        if (input.dim(1) < minSize || input.dim(2) < minSize) {
            throw new IllegalArgumentException(model + ": input " + input + " is too small; it needs at least "
                    + minSize + "x" + minSize);
        }
        if (classes < 1) {
            throw new IllegalArgumentException(model + ": the number of classes must be >= 1, got " + classes);
        }
    }
}
