package dev.jnn.nn.activation;

import dev.jnn.kernel.UnaryOp;
import dev.jnn.nn.Module;
import dev.jnn.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * An activation function as a layer, without parameters or state: {@code Activation.relu()},
 * {@code Activation.leakyRelu(0.01f)}, … Each factory applies the function of the same name in {@link Activations}.
 * Layers with parameters or randomness are {@link PReLU} and {@link RReLU}. No initializer (nothing to initialize).
 * <pre>{@code
 * new Sequential(new Dense(784, 300), Activation.relu(), new Dense(10), Activation.softmax());
 * }</pre>
 */
public final class Activation extends Module {

    private final String description;
    private final UnaryOperator<Tensor> function;
    private final UnaryOp kernelOp;

    /** A layer applying {@code function}, printed as {@code description}. */
    public Activation(String description, UnaryOperator<Tensor> function) {
        this(description, function, null);
    }

    private Activation(String description, UnaryOperator<Tensor> function, UnaryOp kernelOp) {
        this.description = description;
        this.function = function;
        this.kernelOp = kernelOp;
    }

    /**
     * The elementwise kernel op this activation is (RELU for {@link #relu()}, TANH, SIGMOID), or null: a layer before
     * it may apply it in its own output pass, as {@link dev.jnn.nn.Sequential} does after a Dense layer.
     */
    public UnaryOp kernelOp() {
        return kernelOp;
    }

    @Override
    public Tensor forward(Tensor x) {
        return function.apply(x);
    }

    @Override
    public String describe() {
        return description;
    }

    /** Unit step: 0, 0.5 at 0, 1. */
    public static Activation step() {
        return new Activation("Step()", Activations::step);
    }

    public static Activation sign() {
        return new Activation("Sign()", Activations::sign);
    }

    /** The identity. */
    public static Activation linear() {
        return new Activation("Linear()", Activations::linear);
    }

    /** Piecewise linear, clipping to [−1, 1]. */
    public static Activation hardTanh() {
        return new Activation("HardTanh(-1, 1)", Activations::hardTanh);
    }

    /** Piecewise linear, clipping to [min, max]. */
    public static Activation hardTanh(float min, float max) {
        Activations.hardTanh(Tensor.scalar(0), min, max); // validates the range now, not at first forward
        return new Activation("HardTanh(" + min + ", " + max + ")", x -> Activations.hardTanh(x, min, max));
    }

    public static Activation hardSigmoid() {
        return new Activation("HardSigmoid()", Activations::hardSigmoid);
    }

    public static Activation sigmoid() {
        return new Activation("Sigmoid()", Activations::sigmoid, UnaryOp.SIGMOID);
    }

    public static Activation tanh() {
        return new Activation("Tanh()", Activations::tanh, UnaryOp.TANH);
    }

    public static Activation relu() {
        return new Activation("ReLU()", Activations::relu, UnaryOp.RELU);
    }

    public static Activation softplus() {
        return new Activation("Softplus()", Activations::softplus);
    }

    public static Activation leakyRelu(float alpha) {
        return new Activation("LeakyReLU(" + alpha + ")", x -> Activations.leakyRelu(x, alpha));
    }

    /** Leaky ReLU with Keras' and PyTorch's default slope 0.01. */
    public static Activation leakyRelu() {
        return leakyRelu(0.01f);
    }

    public static Activation elu(float alpha) {
        return new Activation("ELU(" + alpha + ")", x -> Activations.elu(x, alpha));
    }

    /** ELU with α = 1. */
    public static Activation elu() {
        return elu(1f);
    }

    /** Softmax over the last axis. */
    public static Activation softmax() {
        return softmax(-1);
    }

    public static Activation softmax(int axis) {
        return new Activation("Softmax(axis=" + axis + ")", x -> x.softmax(axis));
    }

    /** Log-softmax over the last axis. */
    public static Activation logSoftmax() {
        return logSoftmax(-1);
    }

    public static Activation logSoftmax(int axis) {
        return new Activation("LogSoftmax(axis=" + axis + ")", x -> x.logSoftmax(axis));
    }
}
