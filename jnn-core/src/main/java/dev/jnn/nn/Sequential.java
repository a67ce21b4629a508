package dev.jnn.nn;

import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;
import java.util.List;

/**
 * Layers applied one after the other: {@code forward(x) = layerN(…layer1(layer0(x)))}. Children are named
 * {@code "0"}, {@code "1"}, … in order, so parameters read {@code "0.weight"}, {@code "2.bias"}.
 * <pre>{@code
 * var mlp = new Sequential(new Dense(784, 300), Activation.relu(), new Dense(10));
 * }</pre>
 * A Sequential has no parameters of its own and therefore no initializer; each layer names its own.
 */
public final class Sequential extends Module {

    private Module[] layers = new Module[0];

    public Sequential(Module... layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    /** Appends a layer named by its position; returns this. */
    public Sequential add(Module layer) {
        if (layer == null) {
            throw new IllegalArgumentException("Sequential.add: layer " + layers.length + " is null");
        }
        addModule(Integer.toString(layers.length), layer);
        layers = java.util.Arrays.copyOf(layers, layers.length + 1);
        layers[layers.length - 1] = layer;
        return this;
    }

    public Module get(int index) {
        return layers[index];
    }

    public int size() {
        return layers.length;
    }

    public List<Module> layers() {
        return List.of(layers);
    }

    /**
     * Runs the layers in order. A {@link Dense} layer directly followed by a ReLU, tanh or sigmoid
     * {@link Activation} runs as one fused layer (same result, one output pass and one backward node fewer).
     * Inside a {@link Workspace} each intermediate result goes back to it as soon as the next layer has consumed it,
     * unless a backward rule saved it ({@link Intermediates}).
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        Module[] ls = layers;
        for (int i = 0; i < ls.length; i++) {
            Tensor next;
            if (ls[i] instanceof Dense dense && i + 1 < ls.length && ls[i + 1] instanceof Activation act
                    && act.kernelOp() != null) {
                next = dense.forward(x, act.kernelOp());
                i++;
            } else {
                next = ls[i].forward(x);
            }
            if (x != input) {
                Intermediates.release(x, input, next); // consumed, and no one outside sees it
            }
            x = next;
        }
        return x;
    }
}
