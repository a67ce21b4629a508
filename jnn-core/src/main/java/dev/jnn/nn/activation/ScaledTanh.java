package dev.jnn.nn.activation;

import dev.jnn.nn.Module;
import dev.jnn.nn.ShapeInference;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * LeCun's scaled hyperbolic tangent {@code f(a) = A·tanh(S·a)} with {@code A = 1.7159} and {@code S = 2/3}
 * (LeCun et al. 1998, Appendix A; "Efficient BackProp", 1998): chosen so that {@code f(±1) = ±1}, the second
 * derivative is largest at ±1, and unit-variance inputs give roughly unit-variance outputs. No parameters.
 */
public final class ScaledTanh extends Module implements ShapeInference {

    public static final float A = 1.7159f;
    public static final float S = 2f / 3f;

    @Override
    public Tensor forward(Tensor x) {
        return x.mul(S).tanh().mul(A);
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public long macs(Shape in) {
        return 0;
    }

    @Override
    public String describe() {
        return "ScaledTanh(1.7159·tanh(2x/3))";
    }
}
