package dev.jnn.models;

import dev.jnn.nn.AdaptiveAvgPool2d;
import dev.jnn.nn.BatchNorm2d;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Dense;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.MaxPool2d;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Shape;

/**
 * VGG (Simonyan and Zisserman, "Very deep convolutional networks for large-scale image recognition", ICLR 2015),
 * configurations A, B, D and E of the paper's Table 1 as torchvision builds them: 3×3 convolutions with padding 1 and
 * ReLU ({@code -bn}: convolution, batch normalization, ReLU; the convolutions keep their bias), 2×2 max pools after each
 * block, an adaptive average pool to 7×7 (the identity at 224×224), then Dense 25088→4096 → ReLU → dropout 0.5 →
 * 4096→4096 → ReLU → dropout 0.5 → classes.
 * <pre>
 *   depth  blocks (maps × convolutions)                 params (224×224, 1000 classes)    with batch norm
 *   11     64×1, 128×1, 256×2, 512×2, 512×2             132,863,336                       132,868,840
 *   13     64×2, 128×2, 256×2, 512×2, 512×2             133,047,848                       133,053,736
 *   16     64×2, 128×2, 256×3, 512×3, 512×3             138,357,544                       138,365,992
 *   19     64×2, 128×2, 256×4, 512×4, 512×4             143,667,240                       143,678,248
 * </pre>
 */
public final class Vgg {

    private static final int[] MAPS = {64, 128, 256, 512, 512};

    private Vgg() {}

    private static int[] convsPerBlock(int depth) {
        return switch (depth) {
            case 11 -> new int[] {1, 1, 2, 2, 2};
            case 13 -> new int[] {2, 2, 2, 2, 2};
            case 16 -> new int[] {2, 2, 3, 3, 3};
            case 19 -> new int[] {2, 2, 4, 4, 4};
            default -> throw new IllegalArgumentException("vgg: depth must be 11, 13, 16 or 19, got " + depth);
        };
    }

    /** VGG-{@code depth} ({@code 11, 13, 16, 19}), with batch normalization when {@code batchNorm}. */
    public static Sequential create(int depth, boolean batchNorm, Shape input, int classes) {
        int[] convs = convsPerBlock(depth);
        Inputs.image("vgg" + depth, input, classes, 32);
        Sequential s = new Sequential();
        int in = input.dim(0);
        for (int b = 0; b < MAPS.length; b++) {
            for (int i = 0; i < convs[b]; i++) {
                s.add(new Conv2d(in, MAPS[b], 3).padding(1));
                if (batchNorm) {
                    s.add(new BatchNorm2d(MAPS[b]));
                }
                s.add(Activation.relu());
                in = MAPS[b];
            }
            s.add(new MaxPool2d(2));
        }
        return s.add(new AdaptiveAvgPool2d(7)).add(new Flatten())
                .add(new Dense(512 * 7 * 7, 4096)).add(Activation.relu()).add(new Dropout(0.5))
                .add(new Dense(4096, 4096)).add(Activation.relu()).add(new Dropout(0.5))
                .add(new Dense(4096, classes));
    }
}
