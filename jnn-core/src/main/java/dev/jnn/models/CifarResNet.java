package dev.jnn.models;

import dev.jnn.nn.BatchNorm2d;
import dev.jnn.nn.Dense;
import dev.jnn.nn.GlobalAvgPool2d;
import dev.jnn.nn.Module;
import dev.jnn.nn.Residual;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Shape;

/**
 * The CIFAR-10 ResNets of He et al. 2016, §4.2, and their plain counterparts (the same stacks without shortcuts, the
 * paper's Figure 6 comparison).
 * <pre>
 *   conv 3×3 16 (no bias), BN, ReLU                 16×32×32
 *   n basic blocks of 16 maps                        16×32×32
 *   n basic blocks of 32 maps (first at stride 2)    32×16×16
 *   n basic blocks of 64 maps (first at stride 2)    64×8×8
 *   global average pool, dense 64 → classes          depth = 6n + 2
 *   depth   20        32        44        56        110
 *   params  269,722   464,154   658,586   853,018   1,727,962   (paper: 0.27M 0.46M 0.66M 0.85M 1.7M)
 * </pre>
 * Basic block: {@code relu(bn(conv3×3(relu(bn(conv3×3(x))))) + shortcut(x))}, with option A shortcuts: the identity,
 * or where the size halves and the maps double, subsampling and zero maps ({@link ShortcutA}), so shortcuts add no
 * parameters and plain nets have exactly the same count. The counts above were checked against the same networks
 * built in PyTorch 1.13. Convolutions: He normal, fan-out; no bias (BN follows).
 */
public final class CifarResNet {

    private CifarResNet() {}

    private static int blocksFor(int depth, String name) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException(name + ": depth must be 6n + 2 (20, 32, 44, 56, 110, ...), got " + depth);
        }
        return (depth - 2) / 6;
    }

    /** ResNet-{@code depth} (with shortcuts) or plain-{@code depth} (without), {@code depth = 6n + 2}. */
    public static Sequential create(int depth, boolean shortcuts, Shape input, int classes) {
        String name = (shortcuts ? "resnet" : "plain") + depth;
        int n = blocksFor(depth, name);
        Inputs.image(name, input, classes, 4);
        Sequential net = new Sequential(ResNet.conv(input.dim(0), 16, 3, 1), new BatchNorm2d(16), Activation.relu());
        int in = 16;
        for (int stage = 0; stage < 3; stage++) {
            int width = 16 << stage;
            Sequential s = new Sequential();
            for (int b = 0; b < n; b++) {
                int stride = b == 0 && stage > 0 ? 2 : 1;
                Sequential body = new Sequential(ResNet.conv(in, width, 3, stride), new BatchNorm2d(width),
                        Activation.relu(), ResNet.conv(width, width, 3, 1), new BatchNorm2d(width));
                Module block = !shortcuts ? body
                        : new Residual(body, stride != 1 || in != width ? new ShortcutA(in, width, stride) : null);
                s.add(new Sequential(block, Activation.relu()));
                in = width;
            }
            net.add(s);
        }
        return net.add(new GlobalAvgPool2d()).add(new Dense(64, classes));
    }
}
