package dev.jnn.autograd;

import dev.jnn.tensor.Tensor;

/** One operation on the tape: its name (for messages), its inputs and its backward rule. */
public record Node(String name, Tensor[] inputs, Backward backward) {
}
