package dev.jnn.nn;

import dev.jnn.tensor.Tensor;

/**
 * A skip connection: {@code y = body(x) + shortcut(x)}, with the identity as the default shortcut (He et al. 2016).
 * Put the activation that follows the addition after it: {@code new Sequential(new Residual(body), Activation.relu())}.
 * Children {@code "body"} and, when given, {@code "shortcut"} (e.g. a 1×1 convolution with stride that projects x to
 * the body's output shape). No parameters of its own.
 */
public final class Residual extends Module {

    private final Module body;
    private final Module shortcut;

    /** Identity shortcut: {@code y = body(x) + x}. */
    public Residual(Module body) {
        this(body, null);
    }

    /** {@code y = body(x) + shortcut(x)}; a null shortcut is the identity. */
    public Residual(Module body, Module shortcut) {
        this.body = addModule("body", body);
        this.shortcut = shortcut == null ? null : addModule("shortcut", shortcut);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor main = body.forward(x);
        Tensor skip = shortcut == null ? x : shortcut.forward(x);
        if (!main.shape().equals(skip.shape())) {
            throw new IllegalArgumentException("Residual: body output " + main.shape() + " and "
                    + (shortcut == null ? "identity shortcut " : "shortcut output ") + skip.shape() + " differ for input "
                    + x.shape() + "; give a shortcut that projects the input to the body's output shape");
        }
        Tensor y = main.add(skip);
        Intermediates.release(main, x, y);
        if (skip != main) {
            Intermediates.release(skip, x, y);
        }
        return y;
    }

    @Override
    public String describe() {
        return shortcut == null ? "Residual(identity shortcut)" : "Residual";
    }
}
