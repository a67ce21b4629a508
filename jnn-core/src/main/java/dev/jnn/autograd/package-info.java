/**
 * Automatic differentiation, define-by-run: every differentiable operation computes its output and, when an input
 * requires gradients and no {@link dev.jnn.autograd.NoGrad} scope is open, records a {@link dev.jnn.autograd.Node}
 * (inputs + {@link dev.jnn.autograd.Backward} rule) on its output. {@link dev.jnn.autograd.Graph#backward} sorts the
 * recorded nodes topologically and runs each rule once in reverse; leaves accumulate gradients across passes. A
 * rule may write a leaf's gradient in place instead of returning it ({@link dev.jnn.autograd.Graph#leafGradient},
 * {@link dev.jnn.autograd.Graph#leafGradientToOverwrite}), as the dense layer's weight-gradient GEMM does.
 * {@link dev.jnn.autograd.GradCheck} compares backward rules with finite differences in double.
 *
 * <p>Layering: {@code dev.jnn.tensor} and {@code dev.jnn.autograd} form one layer split in two packages to keep
 * files small. {@code Tensor} holds its gradient state (requiresGrad, grad, the node that made it) and its fluent
 * methods ({@code a.add(b)}, {@code x.matmul(w)}) delegate to the operation families of
 * {@code dev.jnn.autograd.ops}, where each forward sits beside its backward rule (micrograd's style). So the two
 * packages refer to each other; everything above (nn, optim, …) uses only their public API. Loops live in
 * {@code dev.jnn.kernel}. A new operation is a static method that computes its output (a kernel or other tensor
 * operations) and calls {@link dev.jnn.autograd.Graph#record} with its backward rule. For example, x³:
 * <pre>{@code
 * static Tensor cube(Tensor x) {
 *     Tensor y = NoGrad.run(() -> x.mul(x).mul(x));                  // forward, not recorded step by step
 *     return Graph.record(y, "cube", g -> new Tensor[] {g.mul(x.square()).mul(3)}, x);   // dx = g·3x²
 * }
 * GradCheck.assertGradients(in -> cube(in[0]), Tensor.randn(1, 3, 4).requiresGrad(true));
 * }</pre>
 *
 * <p>Memory: inside a {@link dev.jnn.tensor.Workspace} the backward pass hands each intermediate gradient back to
 * the pool once consumed, and container layers hand back activations that no rule saved. {@code record} counts the
 * inputs and the output as saved; an operation whose rule reads less (ReLU reads its output, addition nothing)
 * records with {@link dev.jnn.autograd.Graph#recordSaving} so that the values it does not need can go early.
 */
package dev.jnn.autograd;
