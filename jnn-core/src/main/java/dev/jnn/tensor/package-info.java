/**
 * {@link dev.jnn.tensor.Tensor} (float32, any rank, row-major with strides) and {@link dev.jnn.tensor.Shape}:
 * creation, views, broadcasting arithmetic, reductions and matmul. Uses {@code dev.jnn.kernel} for the loops.
 */
package dev.jnn.tensor;
