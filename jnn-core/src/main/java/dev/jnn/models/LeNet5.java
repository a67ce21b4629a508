package dev.jnn.models;

import dev.jnn.nn.AvgPool2d;
import dev.jnn.nn.ConnectionTableConv2d;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.RbfOutput;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.TrainableSubsampling;
import dev.jnn.nn.activation.Activation;
import dev.jnn.nn.activation.ScaledTanh;
import dev.jnn.tensor.Shape;

/**
 * LeNet-5 (LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to document recognition", Proc. IEEE
 * 1998), in the modern form most courses teach and in the paper's own form.
 *
 * <h2>{@link #create modern} ({@code lenet5})</h2>
 * <pre>
 *   layer             output     parameters  multiply-accumulates
 *   input             1×32×32    (or 1×28×28 with 2 zeros of padding in C1: the same 28×28 maps)
 *   C1 conv 5×5, 6    6×28×28         156     117,600
 *   tanh, avg pool 2  6×14×14
 *   C3 conv 5×5, 16   16×10×10      2,416     240,000
 *   tanh, avg pool 2  16×5×5
 *   F5 dense 400→120  120          48,120      48,000
 *   F6 dense 120→84   84           10,164      10,080
 *   output 84→10      10              850         840
 *   total                          61,706     416,520
 * </pre>
 * Both the 32×32 input and the 28×28 input padded by 2 give exactly the published 416,520 multiplications (weights
 * times inputs; biases, tanh and pooling not counted). Other input sizes work; F5 then sees 16·h·w features.
 *
 * <h2>{@link #classic paper's} ({@code lenet5-classic})</h2>
 * 32×32 input (28×28 is padded by 2 in C1, as the paper centred MNIST digits in a 32×32 field), the scaled tanh
 * 1.7159·tanh(2a/3) after every layer, trainable subsampling, C3's connection table, and the RBF output:
 * <pre>
 *   C1 conv 5×5, 6                          156     S2 trainable subsampling 2×2, 6 maps      12
 *   C3 connection-table conv 5×5, 16      1,516     S4 trainable subsampling 2×2, 16 maps     32
 *   C5 conv 5×5, 120 (1×1 maps)          48,120     F6 dense 120→84                       10,164
 *   output: RBF 84→10, fixed ±1 centers      840 (not trainable)
 *   trainable total                      60,000
 * </pre>
 * The output is squared distances (smallest = predicted class); train with cross-entropy on their negation (see
 * {@link RbfOutput}).
 */
public final class LeNet5 {

    private LeNet5() {}

    /** Zero padding in C1: 2 for a 28×28 input (so the maps are those of a 32×32 input), else 0. */
    private static int pad(Shape input) {
        return input.dim(1) == 28 && input.dim(2) == 28 ? 2 : 0;
    }

    /** The modern LeNet-5: tanh and average pooling, Dense layers, logits out. */
    public static Sequential create(Shape input, int classes) {
        Inputs.image("lenet5", input, classes, 28);
        int p = pad(input);
        int h = ((input.dim(1) + 2 * p - 4) / 2 - 4) / 2;
        int w = ((input.dim(2) + 2 * p - 4) / 2 - 4) / 2;
        return new Sequential(
                new Conv2d(input.dim(0), 6, 5).padding(p), Activation.tanh(), new AvgPool2d(2),
                new Conv2d(6, 16, 5), Activation.tanh(), new AvgPool2d(2),
                new Flatten(),
                new Dense(16 * h * w, 120), Activation.tanh(),
                new Dense(120, 84), Activation.tanh(),
                new Dense(84, classes));
    }

    /** The 1998 LeNet-5; input 32×32 (or 28×28, padded), output squared RBF distances. */
    public static Sequential classic(Shape input, int classes) {
        Inputs.image("lenet5-classic", input, classes, 28);
        int p = pad(input);
        if (input.dim(1) + 2 * p != 32 || input.dim(2) + 2 * p != 32) {
            throw new IllegalArgumentException("lenet5-classic: the paper's network needs a 32×32 (or 28×28) input, got "
                    + input + "; use lenet5 for other sizes");
        }
        return new Sequential(
                new Conv2d(input.dim(0), 6, 5).padding(p), new ScaledTanh(),
                new TrainableSubsampling(6), new ScaledTanh(),
                new ConnectionTableConv2d(6, ConnectionTableConv2d.lenet5C3Table(), 5), new ScaledTanh(),
                new TrainableSubsampling(16), new ScaledTanh(),
                new Conv2d(16, 120, 5), new ScaledTanh(),
                new Flatten(),
                new Dense(120, 84), new ScaledTanh(),
                new RbfOutput(84, classes));
    }
}
