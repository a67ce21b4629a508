package dev.jnn.models;

import dev.jnn.nn.AdaptiveAvgPool2d;
import dev.jnn.nn.BatchNorm2d;
import dev.jnn.nn.Concat;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.GlobalAvgPool2d;
import dev.jnn.nn.MaxPool2d;
import dev.jnn.nn.Module;
import dev.jnn.nn.Network;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Shape;

/**
 * GoogLeNet, Inception v1 (Szegedy et al., "Going deeper with convolutions", CVPR 2015), as torchvision builds it:
 * 6,624,904 parameters at 3×224×224 and 1000 classes.
 * <pre>
 *   conv 7×7/2 64, max pool 3/2        64×56×56        inception (1×1, 3×3 reduce, 3×3, 5×5 reduce, 5×5, pool proj)
 *   conv 1×1 64, conv 3×3 192, pool   192×28×28        3a (64, 96, 128, 16, 32, 32)    3b (128, 128, 192, 32, 96, 64)
 *   max pool 3/2                      480×14×14        4a (192, 96, 208, 16, 48, 64)   4b (160, 112, 224, 24, 64, 64)
 *                                                      4c (128, 128, 256, 24, 64, 64)  4d (112, 144, 288, 32, 64, 64)
 *                                                      4e (256, 160, 320, 32, 128, 128)
 *   max pool 2/2                      832×7×7          5a (256, 160, 320, 32, 128, 128) 5b (384, 192, 384, 48, 128, 128)
 *   global average pool 1024, dropout 0.4, dense 1024→classes
 * </pre>
 * Each inception module concatenates four branches: 1×1; 1×1 → 3×3; 1×1 → "5×5"; max pool 3×3/1 → 1×1.
 *
 * <p>Differences from the paper, all torchvision's (to hit its parameter count): every convolution is
 * torchvision's {@code BasicConv2d}, a convolution without bias, batch normalization (ε = 0.001) and ReLU (batch
 * normalization came after the paper); the "5×5" branch uses a 3×3 convolution (a known slip of torchvision's port,
 * kept for compatibility with its weights); the max pools use ceil mode. The dropout before the classifier is the
 * paper's 0.4 (torchvision's default is 0.2; no parameters either way).
 *
 * <p>The paper's two auxiliary classifiers (after 4a and 4d, used in training only, their losses weighted 0.3) come
 * with {@link #withAuxiliaryClassifiers}: a {@link Network} with three outputs, as torchvision's
 * {@code aux_logits=True} (13,004,888 parameters at 224×224 and 1000 classes). Each is an adaptive average pool to
 * 4×4, BasicConv2d 1×1 to 128 maps, Dense 2048→1024, ReLU, dropout 0.7, Dense 1024→classes.
 */
public final class GoogLeNet {

    private GoogLeNet() {}

    /** torchvision's BasicConv2d: convolution without bias, batch normalization (ε 0.001), ReLU. */
    static Sequential basicConv(int in, int out, int kernel, int stride, int padding) {
        return new Sequential(new Conv2d(in, out, kernel).stride(stride).padding(padding).useBias(false),
                new BatchNorm2d(out).eps(0.001), Activation.relu());
    }

    /** One inception module; its output has {@code c1 + c3 + c5 + pool} maps. */
    static Module inception(int in, int c1, int r3, int c3, int r5, int c5, int pool) {
        return new Concat(
                basicConv(in, c1, 1, 1, 0),
                new Sequential(basicConv(in, r3, 1, 1, 0), basicConv(r3, c3, 3, 1, 1)),
                new Sequential(basicConv(in, r5, 1, 1, 0), basicConv(r5, c5, 3, 1, 1)),
                new Sequential(new MaxPool2d(3, 1).padding(1).ceilMode(true), basicConv(in, pool, 1, 1, 0)));
    }

    /** Input to the output of 4a (where the first auxiliary classifier branches off). */
    private static Sequential upTo4a(int channels) {
        return new Sequential(
                basicConv(channels, 64, 7, 2, 3), new MaxPool2d(3, 2).ceilMode(true),
                basicConv(64, 64, 1, 1, 0), basicConv(64, 192, 3, 1, 1), new MaxPool2d(3, 2).ceilMode(true),
                inception(192, 64, 96, 128, 16, 32, 32),
                inception(256, 128, 128, 192, 32, 96, 64),
                new MaxPool2d(3, 2).ceilMode(true),
                inception(480, 192, 96, 208, 16, 48, 64));
    }

    /** 4b to 4d (the second auxiliary classifier reads 4d's output). */
    private static Sequential from4bTo4d() {
        return new Sequential(
                inception(512, 160, 112, 224, 24, 64, 64),
                inception(512, 128, 128, 256, 24, 64, 64),
                inception(512, 112, 144, 288, 32, 64, 64));
    }

    /** 4e to the classifier. */
    private static Sequential head(int classes) {
        return new Sequential(
                inception(528, 256, 160, 320, 32, 128, 128),
                new MaxPool2d(2, 2).ceilMode(true),
                inception(832, 256, 160, 320, 32, 128, 128),
                inception(832, 384, 192, 384, 48, 128, 128),
                new GlobalAvgPool2d(), new Dropout(0.4), new Dense(1024, classes));
    }

    /** An auxiliary classifier on {@code in} maps. */
    static Sequential auxiliary(int in, int classes) {
        return new Sequential(new AdaptiveAvgPool2d(4), basicConv(in, 128, 1, 1, 0), new Flatten(),
                new Dense(2048, 1024), Activation.relu(), new Dropout(0.7), new Dense(1024, classes));
    }

    /**
     * GoogLeNet without auxiliary classifiers, logits out: a Sequential of three parts (input to 4a, 4b to 4d, 4e to
     * the classifier), the same parts {@link #withAuxiliaryClassifiers} branches between.
     */
    public static Sequential create(Shape input, int classes) {
        Inputs.image("googlenet", input, classes, 15);
        return new Sequential(upTo4a(input.dim(0)), from4bTo4d(), head(classes));
    }

    /**
     * GoogLeNet with the two auxiliary classifiers: a network with inputs {@code x} and outputs {@code [logits,
     * aux1, aux2]} ({@code forwardAll(x)}); {@code forward} is not available (three outputs).
     */
    public static Network withAuxiliaryClassifiers(Shape input, int classes) {
        Inputs.image("googlenet", input, classes, 15);
        Network.Builder b = Network.builder();
        Network.Node x = b.input("x");
        Network.Node a4 = b.apply("to4a", upTo4a(input.dim(0)), x);
        Network.Node aux1 = b.apply("aux1", auxiliary(512, classes), a4);
        Network.Node d4 = b.apply("to4d", from4bTo4d(), a4);
        Network.Node aux2 = b.apply("aux2", auxiliary(528, classes), d4);
        Network.Node out = b.apply("head", head(classes), d4);
        return b.build(out, aux1, aux2);
    }
}
