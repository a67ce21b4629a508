/**
 * Activation functions, as functions on tensors ({@link dev.jnn.nn.activation.Activations}) and as layers
 * ({@link dev.jnn.nn.activation.Activation} factories, {@link dev.jnn.nn.activation.PReLU},
 * {@link dev.jnn.nn.activation.RReLU}); {@link dev.jnn.nn.activation.Pointwise} turns a scalar function and its
 * derivative into a differentiable op. Depends on nn, tensor, autograd.
 */
package dev.jnn.nn.activation;
