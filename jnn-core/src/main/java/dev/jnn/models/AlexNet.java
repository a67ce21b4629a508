package dev.jnn.models;

import dev.jnn.nn.AdaptiveAvgPool2d;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.LocalResponseNorm;
import dev.jnn.nn.MaxPool2d;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Shape;

/**
 * AlexNet (Krizhevsky, Sutskever and Hinton, "ImageNet classification with deep convolutional neural networks",
 * NIPS 2012), ReLU after every convolution and hidden Dense layer.
 *
 * <h2>{@link #original2012} ({@code alexnet-2012}): the paper's network as one tower</h2>
 * The paper splits most layers over two GPUs (conv2, conv4, conv5 see only their own GPU's half of the maps); this is
 * the single-tower form of the same layer sizes, as in Caffe's reference model without groups.
 * <pre>
 *   input 3×227×227
 *   conv 11×11/4, 96          96×55×55      34,944    LRN (n 5, α 1e-4, β 0.75, k 2), max pool 3/2 → 96×27×27
 *   conv 5×5 pad 2, 256      256×27×27     614,656    LRN, max pool 3/2 → 256×13×13
 *   conv 3×3 pad 1, 384      384×13×13     885,120
 *   conv 3×3 pad 1, 384      384×13×13   1,327,488
 *   conv 3×3 pad 1, 256      256×13×13     884,992    max pool 3/2 → 256×6×6
 *   dropout 0.5, dense 9216→4096          37,752,832
 *   dropout 0.5, dense 4096→4096          16,781,312
 *   dense 4096→1000                        4,097,000
 *   total                                 62,378,344
 * </pre>
 *
 * <h2>{@link #create} ({@code alexnet}): torchvision's variant</h2>
 * From Krizhevsky's "One weird trick" (2014): 64-192-384-256-256 maps, conv1 11×11/4 with padding 2 on 224×224, no
 * LRN, max pools 3/2 after conv1, conv2 and conv5, then an adaptive average pool to 6×6 (the identity at 224×224,
 * it lets other sizes through), dropout before each of the first two Dense layers: 61,100,840 parameters at
 * 3×224×224 and 1000 classes.
 */
public final class AlexNet {

    private AlexNet() {}

    /** torchvision's AlexNet. */
    public static Sequential create(Shape input, int classes) {
        Inputs.image("alexnet", input, classes, 63);
        return new Sequential(
                new Conv2d(input.dim(0), 64, 11).stride(4).padding(2), Activation.relu(), new MaxPool2d(3, 2),
                new Conv2d(64, 192, 5).padding(2), Activation.relu(), new MaxPool2d(3, 2),
                new Conv2d(192, 384, 3).padding(1), Activation.relu(),
                new Conv2d(384, 256, 3).padding(1), Activation.relu(),
                new Conv2d(256, 256, 3).padding(1), Activation.relu(), new MaxPool2d(3, 2),
                new AdaptiveAvgPool2d(6), new Flatten(),
                new Dropout(0.5), new Dense(256 * 6 * 6, 4096), Activation.relu(),
                new Dropout(0.5), new Dense(4096, 4096), Activation.relu(),
                new Dense(4096, classes));
    }

    /** The 2012 paper's network, single tower, with local response normalization; 227×227 input. */
    public static Sequential original2012(Shape input, int classes) {
        Inputs.image("alexnet-2012", input, classes, 67);
        int h = ((((input.dim(1) - 11) / 4 + 1 - 3) / 2 + 1 - 3) / 2 + 1 - 3) / 2 + 1;
        int w = ((((input.dim(2) - 11) / 4 + 1 - 3) / 2 + 1 - 3) / 2 + 1 - 3) / 2 + 1;
        return new Sequential(
                new Conv2d(input.dim(0), 96, 11).stride(4), Activation.relu(), new LocalResponseNorm(),
                new MaxPool2d(3, 2),
                new Conv2d(96, 256, 5).padding(2), Activation.relu(), new LocalResponseNorm(), new MaxPool2d(3, 2),
                new Conv2d(256, 384, 3).padding(1), Activation.relu(),
                new Conv2d(384, 384, 3).padding(1), Activation.relu(),
                new Conv2d(384, 256, 3).padding(1), Activation.relu(), new MaxPool2d(3, 2),
                new Flatten(),
                new Dropout(0.5), new Dense(256 * h * w, 4096), Activation.relu(),
                new Dropout(0.5), new Dense(4096, 4096), Activation.relu(),
                new Dense(4096, classes));
    }
}
