/**
 * The differentiable operations, grouped by family, each forward computation next to its backward rule:
 * {@link dev.jnn.autograd.ops.ElementwiseOps} (broadcasting arithmetic, exp/log/pow/…, activations, comparisons),
 * {@link dev.jnn.autograd.ops.ReductionOps} (sum, mean, max, min, argmax, two-pass variance),
 * {@link dev.jnn.autograd.ops.ShapeOps} (reshape, permute, slice, squeeze, expand, concat, stack),
 * {@link dev.jnn.autograd.ops.MatmulOps} (batched, transposed views read in place),
 * {@link dev.jnn.autograd.ops.SoftmaxOps} (softmax, log-softmax, fused cross-entropy),
 * {@link dev.jnn.autograd.ops.ConvOps} and {@link dev.jnn.autograd.ops.PoolOps}, and fused ops with a hand-written
 * backward: {@link dev.jnn.autograd.ops.NormalizationOps} (batch norm), {@link dev.jnn.autograd.ops.ActivationOps}
 * (ReLU from its output mask).
 * Backward rules run with recording off, so they may be written with tensor operations; hot ones use kernels.
 * {@code Tensor}'s fluent methods delegate here. Uses {@code dev.jnn.tensor} and {@code dev.jnn.kernel}.
 */
package dev.jnn.autograd.ops;
