package dev.jnn.nn;

import dev.jnn.tensor.Shape;

/**
 * What a layer can say about itself without running a kernel: the shape of its output for one example, and the
 * number of multiply-accumulates one example costs. {@link dev.jnn.diagnose.Summary} and the zoo tests use it to
 * describe models of any size in milliseconds.
 *
 * <p>Shapes here are <b>per example</b>: no batch axis ({@code [C, H, W]} for an image, {@code [features]} after a
 * Flatten). A lazy layer that has not been built yet creates its parameters for this input in {@link #outputShape},
 * as Keras' {@code build(input_shape)} does; no kernel runs.
 *
 * <p>Multiply-accumulates count the products of a learned weight with an activation, each followed by an addition:
 * {@code in·out} for a Dense layer, {@code outC·outH·outW·(inC/groups)·kH·kW} for a convolution, one per element for
 * a learned per-channel scale. Bias additions, activations, pooling and parameter-free normalization count zero
 * (the convention behind the published "416,520 multiplications" of LeNet-5). Layers of this package that do not
 * implement it have their rules in {@link LayerShapes}.
 */
public interface ShapeInference {

    /** The output shape of one example for input shape {@code input} of one example; throws on a wrong input. */
    Shape outputShape(Shape input);

    /** Multiply-accumulates for one example of shape {@code input}. */
    long macs(Shape input);
}
