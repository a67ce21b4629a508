package dev.jnn.nn.activation;

import dev.jnn.autograd.Graph;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * A differentiable elementwise function given by its value {@code f(x)} and its derivative {@code f'(x)}: the
 * forward pass computes {@code y = f(x)}, the backward rule {@code dx = dy · f'(x)}. Activations that the tensor
 * kernels do not have (softplus, ELU, leaky ReLU, …) are built on it; it is also the quickest way to add your own:
 * <pre>{@code
 * Tensor y = Pointwise.apply("swish", x, v -> v / (1 + (float) Math.exp(-v)), v -> ...);
 * }</pre>
 * Loops are plain scalar code (the JIT inlines the lambdas at each call site's own class); the four hottest
 * activations (ReLU, sigmoid, tanh, identity) use the vectorized kernels instead.
 */
public final class Pointwise {

    /** A float → float function. */
    @FunctionalInterface
    public interface FloatFunction {
        float apply(float x);
    }

    private Pointwise() {}

    /** {@code f(x)} elementwise, recorded with the derivative {@code df} (null: the derivative is zero). */
    public static Tensor apply(String name, Tensor x, FloatFunction f, FloatFunction df) {
        Tensor xc = x.isContiguous() ? x : x.detach().contiguous();
        float[] in = xc.data();
        int off = xc.offset();
        int n = x.size();
        Tensor y = Tensor.empty(x.shape());
        float[] out = y.data();
        for (int i = 0; i < n; i++) {
            out[i] = f.apply(in[off + i]);
        }
        return Graph.record(y, name, g -> new Tensor[] {derivative(g, xc, df)}, x);
    }

    private static Tensor derivative(Tensor g, Tensor xc, FloatFunction df) {
        Shape s = xc.shape();
        Tensor gx = Tensor.empty(s);
        float[] out = gx.data();
        if (df == null) {
            java.util.Arrays.fill(out, 0f);
            return gx;
        }
        Tensor gc = g.contiguous();
        float[] gd = gc.data();
        int go = gc.offset();
        float[] in = xc.data();
        int off = xc.offset();
        for (int i = 0; i < out.length; i++) {
            out[i] = gd[go + i] * df.apply(in[off + i]);
        }
        return gx;
    }
}
