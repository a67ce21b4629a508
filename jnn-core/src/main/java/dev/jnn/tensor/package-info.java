/**
 * {@link dev.jnn.tensor.Tensor} (float32, any rank, row-major with strides) and {@link dev.jnn.tensor.Shape}:
 * creation, views, broadcasting arithmetic, reductions, matmul and printing; {@link dev.jnn.tensor.Broadcast} and
 * {@link dev.jnn.tensor.Strided} hold the broadcasting rules and the general strided loops, and
 * {@link dev.jnn.tensor.Workspace} the optional buffer recycling for steady-state training steps. The arithmetic
 * entry points delegate to {@code dev.jnn.autograd.ops} so that every operation is differentiable (see the
 * layering note in {@code dev.jnn.autograd}); loops come from {@code dev.jnn.kernel}.
 */
package dev.jnn.tensor;
