package dev.jnn.nn;

import dev.jnn.nn.activation.Activations;
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
        checkShapes(main, skip, x);
        Tensor y = main.add(skip);
        release(main, skip, x, y);
        return y;
    }

    /**
     * {@code relu(forward(x))}, what {@link Sequential} runs for this block followed by a ReLU. When the body is a
     * Sequential ending in {@link BatchNorm} (a ResNet basic block), that batch norm, the addition and the ReLU run
     * as one fused op: one pass over the activations instead of three forward and two backward.
     */
    Tensor forwardRelu(Tensor x) {
        if (body instanceof Sequential seq && seq.size() > 0 && seq.get(seq.size() - 1) instanceof BatchNorm bn) {
            Tensor beforeNorm = seq.forwardLayers(x, seq.size() - 1);
            Tensor skip = shortcut == null ? x : shortcut.forward(x);
            checkShapes(beforeNorm, skip, x); // batch norm keeps the shape
            Tensor y = bn.forwardRelu(beforeNorm, skip);
            release(beforeNorm, skip, x, y);
            return y;
        }
        Tensor sum = forward(x);
        Tensor y = Activations.relu(sum);
        Intermediates.release(sum, x, y);
        return y;
    }

    /** Hands the block's consumed intermediates back to the workspace ({@link Intermediates}); skip may be main. */
    private static void release(Tensor main, Tensor skip, Tensor x, Tensor y) {
        Intermediates.release(main, x, y);
        if (skip != main) {
            Intermediates.release(skip, x, y);
        }
    }

    private void checkShapes(Tensor main, Tensor skip, Tensor x) {
        if (!main.shape().equals(skip.shape())) {
            throw new IllegalArgumentException("Residual: body output " + main.shape() + " and "
                    + (shortcut == null ? "identity shortcut " : "shortcut output ") + skip.shape() + " differ for input "
                    + x.shape() + "; give a shortcut that projects the input to the body's output shape");
        }
    }

    @Override
    public String describe() {
        return shortcut == null ? "Residual(identity shortcut)" : "Residual";
    }
}
