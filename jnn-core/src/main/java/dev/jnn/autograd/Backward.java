package dev.jnn.autograd;

import dev.jnn.tensor.Tensor;

/**
 * The backward rule of one recorded operation: given the gradient of the loss with respect to the operation's
 * output, returns the gradients with respect to its inputs, in the order the inputs were recorded (null for an
 * input that needs none). Runs with gradient recording off, so rules may freely use tensor operations.
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor gradOutput);
}
