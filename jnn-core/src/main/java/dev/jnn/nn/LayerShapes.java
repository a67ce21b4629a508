package dev.jnn.nn;

import dev.jnn.autograd.NoGrad;
import dev.jnn.nn.activation.Activation;
import dev.jnn.nn.activation.PReLU;
import dev.jnn.nn.activation.RReLU;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import java.util.function.Consumer;

/**
 * Shape inference for whole models: walks a module tree in execution order, giving each leaf layer's per-example
 * input and output shape and multiply-accumulate count (see {@link ShapeInference} for the conventions) without
 * running any kernel of a known layer.
 *
 * <p>Where the rules come from: a layer implementing {@link ShapeInference} gives its own; the containers
 * ({@link Sequential}, {@link Residual}, {@link Concat}) are traversed; and the layers written before the interface
 * existed (Dense, BatchNorm, activations, Dropout, LocalResponseNorm, Flatten) have their rules here, in one switch,
 * so that their files stay untouched. Any other module (a user's layer, a {@link Network}) is treated as one leaf whose
 * output shape is found by running it once on zeros with batch 1, in evaluation mode and without gradients; its
 * multiply-accumulates are then unknown and reported as 0. A lazy layer is built on the way (as Keras' {@code build}).
 */
public final class LayerShapes {

    /** One leaf layer as traced: its dotted path, the module, its per-example shapes and multiply-accumulates. */
    public record Layer(String path, Module module, Shape input, Shape output, long macs, boolean macsKnown) {}

    private LayerShapes() {}

    /** The per-example output shape of {@code model} for per-example input {@code input}. */
    public static Shape outputShape(Module model, Shape input) {
        return trace(model, input, l -> { });
    }

    /** Multiply-accumulates of one example through {@code model}. */
    public static long macs(Module model, Shape input) {
        long[] total = {0};
        trace(model, input, l -> total[0] += l.macs());
        return total[0];
    }

    /** Visits every leaf layer of {@code model} in execution order; returns the model's output shape. */
    public static Shape trace(Module model, Shape input, Consumer<Layer> visitor) {
        return trace(model, "", input, visitor);
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Shape trace(Module m, String path, Shape in, Consumer<Layer> visitor) {
        switch (m) {
            case Sequential s -> {
                Shape x = in;
                for (int i = 0; i < s.size(); i++) {
                    x = trace(s.get(i), child(path, Integer.toString(i)), x, visitor);
                }
                return x;
            }
            case Residual r -> {
                Shape body = trace(r.children().get("body"), child(path, "body"), in, visitor);
                Module sc = r.children().get("shortcut");
                Shape skip = sc == null ? in : trace(sc, child(path, "shortcut"), in, visitor);
                if (!body.equals(skip)) {
                    throw new IllegalArgumentException("Residual at '" + path + "': body output " + body + " and "
                            + (sc == null ? "identity shortcut " : "shortcut output ") + skip + " differ for input "
                            + in + "; give a shortcut that projects the input to the body's output shape");
                }
                return body;
            }
            case Concat c -> {
                int axis = c.axis() < 0 ? c.axis() : c.axis() - 1;
                Shape outShape = null;
                int total = 0;
                for (var e : c.children().entrySet()) {
                    Shape b = trace(e.getValue(), child(path, e.getKey()), in, visitor);
                    int a = b.axis(axis);
                    if (outShape != null && !sameExcept(outShape, b, a)) {
                        throw new IllegalArgumentException("Concat at '" + path + "': branch outputs " + outShape
                                + " and " + b + " must agree on every axis but " + c.axis());
                    }
                    outShape = b;
                    total += b.dim(a);
                }
                int[] dims = outShape.toArray();
                dims[outShape.axis(axis)] = total;
                return Shape.of(dims);
            }
            default -> {
                Layer l = leaf(m, path, in);
                visitor.accept(l);
                return l.output();
            }
        }
    }

    private static boolean sameExcept(Shape a, Shape b, int axis) {
        if (a.rank() != b.rank()) {
            return false;
        }
        for (int i = 0; i < a.rank(); i++) {
            if (i != axis && a.dim(i) != b.dim(i)) {
                return false;
            }
        }
        return true;
    }

    private static Layer leaf(Module m, String path, Shape in) {
        switch (m) {
            case ShapeInference si -> {
                return new Layer(path, m, in, si.outputShape(in), si.macs(in), true);
            }
            case Dense d when d.isBuilt() -> {
                if (in.rank() < 1 || in.dim(-1) != d.inFeatures()) {
                    throw new IllegalArgumentException(d.describe() + " at '" + path + "' got an example of shape "
                            + in + ": expected [..., " + d.inFeatures() + "]" + (in.rank() > 1 ? "; flatten first" : ""));
                }
                int[] dims = in.toArray();
                dims[dims.length - 1] = d.outFeatures();
                return new Layer(path, m, in, Shape.of(dims), (long) in.size() * d.outFeatures(), true);
            }
            case BatchNorm b when b.isBuilt() -> {
                if (in.rank() < 1 || in.dim(0) != b.gamma().size()) {
                    throw new IllegalArgumentException(b.describe() + " at '" + path + "' got an example of shape "
                            + in + ": expected " + b.gamma().size() + " channels first");
                }
                return new Layer(path, m, in, in, in.size(), true);
            }
            case Activation a -> {
                return new Layer(path, m, in, in, 0, true);
            }
            case PReLU p -> {
                return new Layer(path, m, in, in, in.size(), true);
            }
            case RReLU r -> {
                return new Layer(path, m, in, in, 0, true);
            }
            case Dropout d -> {
                return new Layer(path, m, in, in, 0, true);
            }
            case LocalResponseNorm n -> {
                return new Layer(path, m, in, in, 0, true);
            }
            case Flatten f -> {
                return new Layer(path, m, in, Shape.of(in.size()), 0, true);
            }
            default -> {
                if (!m.isBuilt() && (m instanceof Dense || m instanceof BatchNorm)) {
                    byRunning(m, in); // builds a lazy Dense or BatchNorm (a tiny pass); its rule applies next
                    return leaf(m, path, in);
                }
                return new Layer(path, m, in, byRunning(m, in), 0, false);
            }
        }
    }

    /** The per-example output shape found by one forward pass on zeros (batch 1, eval mode, no gradients). */
    private static Shape byRunning(Module m, Shape in) {
        int[] dims = new int[in.rank() + 1];
        dims[0] = 1;
        System.arraycopy(in.toArray(), 0, dims, 1, in.rank());
        boolean was = m.isTraining();
        m.train(false);
        try (NoGrad g = NoGrad.enter()) {
            Tensor y = m.forward(Tensor.zeros(dims));
            int[] out = y.shape().toArray();
            return Shape.of(java.util.Arrays.copyOfRange(out, 1, out.length));
        } finally {
            m.train(was);
        }
    }
}
