package dev.jnn.nn;

import dev.jnn.kernel.LinearEpilogue;
import dev.jnn.kernel.UnaryOp;
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
     * Runs the layers in order. Some pairs run as one fused op (same result, fewer passes over memory and backward
     * nodes): a {@link Dense} or {@link Conv2d} layer directly followed by a ReLU, tanh or sigmoid
     * {@link Activation}, a {@link BatchNorm} followed by a ReLU, and a {@link Residual} followed by a ReLU (whose addition and ReLU join
     * the batch norm that ends its body). Inside a {@link Workspace} each intermediate result goes back to it as soon
     * as the next layer has consumed it, unless a backward rule saved it ({@link Intermediates}).
     */
    @Override
    public Tensor forward(Tensor input) {
        return forwardLayers(input, layers.length);
    }

    /** The first {@code count} layers, fused as {@link #forward} fuses them. */
    Tensor forwardLayers(Tensor input, int count) {
        Tensor x = input;
        Module[] ls = layers;
        for (int i = 0; i < count; i++) {
            Module following = i + 1 < count ? ls[i + 1] : null;
            Tensor next;
            if (ls[i] instanceof Dense dense && following instanceof Activation act && act.kernelOp() != null) {
                next = dense.forward(x, act.kernelOp());
                i++;
            } else if (ls[i] instanceof Conv2d conv && following instanceof Activation act
                    && LinearEpilogue.supports(act.kernelOp())) {
                next = conv.forward(x, act.kernelOp());
                i++;
            } else if (ls[i] instanceof BatchNorm bn && isRelu(following)) {
                next = bn.forwardRelu(x, null);
                i++;
            } else if (ls[i] instanceof Residual residual && isRelu(following)) {
                next = residual.forwardRelu(x);
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

    private static boolean isRelu(Module m) {
        return m instanceof Activation act && act.kernelOp() == UnaryOp.RELU;
    }
}
