package dev.jnn.autograd;

import dev.jnn.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks a differentiable function's analytic gradients against central finite differences computed in double.
 *
 * <p>The function may return a tensor of any shape. GradCheck reduces it to the scalar {@code L = Σ wᵢ·yᵢ} with fixed
 * pseudo-random weights {@code w}, evaluated in double from the float outputs, so that the reduction adds no float
 * rounding and every output element influences the check. For each input element {@code x}, {@code L} is evaluated
 * at {@code x ± eps} (rounded to float) and divided by the difference of the two float inputs actually used, so the
 * step's rounding does not bias the estimate. Analytic gradients come from {@code y.backward(w)}.
 * <pre>{@code
 * GradCheck.assertGradients(in -> in[0].matmul(in[1]).relu(), a, b);
 * }</pre>
 */
public final class GradCheck {

    /** The worst disagreement found: which input and element, both values, and the error measure. */
    public record Result(int input, int[] index, double analytic, double numeric, double error, boolean passed) {
        @Override
        public String toString() {
            return (passed ? "gradient check passed" : "gradient check FAILED") + ": worst element is input " + input
                    + " at " + Arrays.toString(index) + ": analytic " + analytic + ", numeric " + numeric
                    + " (error " + String.format("%.3g", error) + ")";
        }
    }

    private final double eps;
    private final double atol;
    private final double rtol;

    /** Settings suited to float32 functions of inputs of order 1: eps 1e-2, atol 1e-3, rtol 1e-2. */
    public GradCheck() {
        this(1e-2, 1e-3, 1e-2);
    }

    /** An element passes when {@code |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|)}. */
    public GradCheck(double eps, double atol, double rtol) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
    }

    /** Checks with default settings and throws an {@link AssertionError} naming the worst element on failure. */
    public static Result assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Result r = new GradCheck().check(f, inputs);
        if (!r.passed()) {
            throw new AssertionError(r.toString());
        }
        return r;
    }

    /**
     * Compares analytic and numeric gradients of {@code f} for every input that {@link Tensor#requiresGrad()}
     * (they must be contiguous leaves). Inputs are restored afterwards; their {@code grad} is overwritten.
     */
    public Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (Tensor in : inputs) {
            if (in.requiresGrad() && (!in.isLeaf() || !in.isContiguous())) {
                throw new IllegalArgumentException("GradCheck: inputs that require gradients must be contiguous leaves");
            }
            in.zeroGrad();
        }
        Tensor y = f.apply(inputs);
        double[] w = new double[y.size()];
        float[] wf = new float[y.size()];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < w.length; i++) {
            wf[i] = (float) (0.5 + rnd.nextDouble());
            w[i] = wf[i];
        }
        y.backward(Tensor.of(wf, y.shape().toArray()));
        Result worst = null;
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            if (!x.requiresGrad()) {
                continue;
            }
            float[] analytic = x.grad() == null ? new float[x.size()] : x.grad().toArray();
            float[] d = x.data();
            for (int i = 0; i < x.size(); i++) {
                int at = x.offset() + i;
                float orig = d[at];
                float plus = (float) (orig + eps);
                float minus = (float) (orig - eps);
                d[at] = plus;
                double lp = weighted(f, inputs, w);
                d[at] = minus;
                double lm = weighted(f, inputs, w);
                d[at] = orig;
                double numeric = (lp - lm) / ((double) plus - (double) minus);
                double a = analytic[i];
                double err = Math.abs(a - numeric);
                double allowed = atol + rtol * Math.max(Math.abs(a), Math.abs(numeric));
                double excess = err - allowed;
                if (excess > worstExcess || Double.isNaN(err)) {
                    worstExcess = Double.isNaN(err) ? Double.POSITIVE_INFINITY : excess;
                    worst = new Result(k, unravel(i, x.shape().toArray()), a, numeric, err, !(excess > 0) && !Double.isNaN(err));
                }
            }
        }
        if (worst == null) {
            throw new IllegalArgumentException("GradCheck: no input requires gradients; mark them with requiresGrad(true)");
        }
        return worst;
    }

    private static double weighted(Function<Tensor[], Tensor> f, Tensor[] inputs, double[] w) {
        float[] y = NoGrad.run(() -> f.apply(inputs)).toArray();
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += w[i] * y[i];
        }
        return s;
    }

    private static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return idx;
    }
}
