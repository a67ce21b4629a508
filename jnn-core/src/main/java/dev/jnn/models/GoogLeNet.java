package dev.jnn.models;

import dev.jnn.nn.BatchNorm2d;
import dev.jnn.nn.Concat;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.GlobalAvgPool2d;
import dev.jnn.nn.MaxPool2d;
import dev.jnn.nn.Module;
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
 * paper's 0.4 (torchvision's default is 0.2; no parameters either way). The two auxiliary classifiers of the paper
 * (after 4a and 4d, used only in training) are not built: a Module has one output.
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

    public static Sequential create(Shape input, int classes) {
        Inputs.image("googlenet", input, classes, 15);
        return new Sequential(
                basicConv(input.dim(0), 64, 7, 2, 3), new MaxPool2d(3, 2).ceilMode(true),
                basicConv(64, 64, 1, 1, 0), basicConv(64, 192, 3, 1, 1), new MaxPool2d(3, 2).ceilMode(true),
                inception(192, 64, 96, 128, 16, 32, 32),
                inception(256, 128, 128, 192, 32, 96, 64),
                new MaxPool2d(3, 2).ceilMode(true),
                inception(480, 192, 96, 208, 16, 48, 64),
                inception(512, 160, 112, 224, 24, 64, 64),
                inception(512, 128, 128, 256, 24, 64, 64),
                inception(512, 112, 144, 288, 32, 64, 64),
                inception(528, 256, 160, 320, 32, 128, 128),
                new MaxPool2d(2, 2).ceilMode(true),
                inception(832, 256, 160, 320, 32, 128, 128),
                inception(832, 384, 192, 384, 48, 128, 128),
                new GlobalAvgPool2d(), new Dropout(0.4), new Dense(1024, classes));
    }
}
