package dev.jnn.models;

import dev.jnn.nn.BatchNorm2d;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Dense;
import dev.jnn.nn.GlobalAvgPool2d;
import dev.jnn.nn.MaxPool2d;
import dev.jnn.nn.Module;
import dev.jnn.nn.Residual;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.nn.init.Initializer;
import dev.jnn.nn.init.VarianceScaling;
import dev.jnn.tensor.Shape;

/**
 * ResNet for ImageNet (He, Zhang, Ren and Sun, "Deep residual learning for image recognition", CVPR 2016, Table 1),
 * as torchvision builds it (v1.5: a bottleneck's stride sits on its 3×3 convolution).
 * <pre>
 *   stem: conv 7×7/2 64 (no bias), BN, ReLU, max pool 3×3/2 pad 1           64×56×56 at 224×224
 *   stages of 64, 128, 256, 512 maps (the first at stride 1, the others halve the size), blocks per stage:
 *     18: 2 2 2 2 basic       34: 3 4 6 3 basic      50: 3 4 6 3 bottleneck
 *    101: 3 4 23 3 bottleneck                       152: 3 8 36 3 bottleneck
 *   global average pool, dense → classes
 *   params (224, 1000): 11,689,512 / 21,797,672 / 25,557,032 / 44,549,160 / 60,192,808
 * </pre>
 * Basic block: {@code relu(bn(conv3×3(relu(bn(conv3×3(x))))) + shortcut(x))}. Bottleneck (4× expansion):
 * 1×1 (width) → 3×3 (width, stride) → 1×1 (4·width), BN after each, ReLU between. Shortcut: identity, or a
 * projection (1×1 convolution with stride, no bias, then BN) where the size or depth changes (option B). Convolution
 * weights use He normal with fan-out (torchvision's {@code kaiming_normal_(mode="fan_out")}); no convolution has a
 * bias (BN follows each).
 */
public final class ResNet {

    static final Initializer HE_FAN_OUT = new VarianceScaling(2, VarianceScaling.FanMode.FAN_OUT,
            VarianceScaling.Distribution.NORMAL);

    private ResNet() {}

    static Conv2d conv(int in, int out, int kernel, int stride) {
        return new Conv2d(in, out, kernel).stride(stride).padding(kernel / 2).useBias(false).weightInit(HE_FAN_OUT);
    }

    private static Module block(boolean bottleneck, int in, int width, int stride) {
        int out = bottleneck ? 4 * width : width;
        Sequential body = bottleneck
                ? new Sequential(conv(in, width, 1, 1), new BatchNorm2d(width), Activation.relu(),
                        conv(width, width, 3, stride), new BatchNorm2d(width), Activation.relu(),
                        conv(width, out, 1, 1), new BatchNorm2d(out))
                : new Sequential(conv(in, width, 3, stride), new BatchNorm2d(width), Activation.relu(),
                        conv(width, width, 3, 1), new BatchNorm2d(width));
        Module shortcut = stride != 1 || in != out ? new Sequential(conv(in, out, 1, stride), new BatchNorm2d(out)) : null;
        return new Sequential(new Residual(body, shortcut), Activation.relu());
    }

    /** ResNet-{@code depth} for {@code depth} in 18, 34, 50, 101, 152. */
    public static Sequential create(int depth, Shape input, int classes) {
        int[] blocks = switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 34, 50 -> new int[] {3, 4, 6, 3};
            case 101 -> new int[] {3, 4, 23, 3};
            case 152 -> new int[] {3, 8, 36, 3};
            default -> throw new IllegalArgumentException("resnet: depth must be 18, 34, 50, 101 or 152, got " + depth);
        };
        boolean bottleneck = depth >= 50;
        Inputs.image("resnet" + depth, input, classes, 32);
        Sequential net = new Sequential(conv(input.dim(0), 64, 7, 2), new BatchNorm2d(64), Activation.relu(),
                new MaxPool2d(3, 2).padding(1));
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int width = 64 << stage;
            Sequential s = new Sequential();
            for (int b = 0; b < blocks[stage]; b++) {
                s.add(block(bottleneck, in, width, b == 0 && stage > 0 ? 2 : 1));
                in = bottleneck ? 4 * width : width;
            }
            net.add(s);
        }
        return net.add(new GlobalAvgPool2d()).add(new Dense(in, classes));
    }
}
