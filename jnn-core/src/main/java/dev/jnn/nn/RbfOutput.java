package dev.jnn.nn;

import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;

/**
 * LeNet-5's output layer of Euclidean radial basis function units (LeCun et al. 1998, §II.B, eq. 7): unit j outputs
 * the squared distance of the input to its center,
 * <pre>
 *   y[n, j] = Σ_i (x[n, i] − centers[j, i])²        = ‖x‖² − 2·x·centersᵀ + ‖centers_j‖²
 * </pre>
 * so the <b>smallest</b> output is the predicted class. Input {@code [N, in]}, output {@code [N, classes]}.
 *
 * <p>Centers {@code [classes, in]}: the paper fixes them to ±1 codes drawn as 7×12 bitmaps of the characters; those
 * bitmaps are not published as numbers, so the default initializer here draws each entry as −1 or +1 with equal
 * probability (seeded like every parameter: distinct, well-separated codes), and the centers are <b>frozen</b> (not
 * trainable, as in the paper); {@link #learnable(boolean) learnable(true)} trains them.
 *
 * <p>Loss: the paper's maximum-a-posteriori criterion {@code y_correct + log(e^{−j} + Σ_i e^{−y_i})} is, for large
 * j, the softmax cross-entropy of the logits {@code −y}: train with {@code Loss.crossEntropy()} on
 * {@code output.neg()} and predict with the argmax of {@code −y}. (Plain MSE-like "minimize y_correct" collapses the
 * centers when they are learnable.) {@code in·classes} multiply-accumulates.
 */
public final class RbfOutput extends Module implements ShapeInference {

    private final int in;
    private final int classes;
    private final Parameter centers;

    public RbfOutput(int in, int classes) {
        if (in < 1 || classes < 1) {
            throw new IllegalArgumentException("RbfOutput: in and classes must be >= 1, got " + in + " and " + classes);
        }
        this.in = in;
        this.classes = classes;
        this.centers = addParameter(new Parameter("centers", (w, off, n, fans, rng) -> {
            for (int i = 0; i < n; i++) {
                w[off + i] = rng.nextBoolean() ? 1f : -1f;
            }
        }, classes, in));
        centers.setTrainable(false);
    }

    /** Whether the centers are learned (default false: fixed, as in the paper). Returns this. */
    public RbfOutput learnable(boolean on) {
        centers.setTrainable(on);
        return this;
    }

    public Parameter centers() {
        return centers;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != in) {
            throw new IllegalArgumentException(describe() + " got input " + x.shape() + ": expected [N, " + in + "]");
        }
        Tensor c = centers.tensor();
        Tensor xx = x.square().sum(true, 1);
        Tensor cc = c.square().sum(false, 1);
        return xx.sub(x.matmul(c.t()).mul(2f)).add(cc);
    }

    @Override
    public Shape outputShape(Shape s) {
        if (s.rank() != 1 || s.dim(0) != in) {
            throw new IllegalArgumentException(describe() + " got an example of shape " + s + ": expected [" + in + "]");
        }
        return Shape.of(classes);
    }

    @Override
    public long macs(Shape s) {
        return (long) in * classes;
    }

    @Override
    public String describe() {
        return "RbfOutput(" + in + "→" + classes + (centers.trainable() ? ", learnable" : ", fixed centers") + ")";
    }
}
