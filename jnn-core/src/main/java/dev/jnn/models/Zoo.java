package dev.jnn.models;

import dev.jnn.nn.Module;
import dev.jnn.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model registry by command-line name: {@code Zoo.create("resnet18", Shape.of(3, 224, 224), 1000)}, or
 * {@code Zoo.create("lenet5")} with the model's usual input and classes. Names:
 * <pre>
 *   mlp  lenet5  lenet5-classic  alexnet  alexnet-2012  vgg11 vgg13 vgg16 vgg19  vgg11-bn … vgg19-bn  googlenet
 *   resnet18 resnet34 resnet50 resnet101 resnet152  resnet20 resnet32 resnet44 resnet56 resnet110  plain20 … plain110
 * </pre>
 */
public final class Zoo {

    /** Builds a model for an input shape of one example and a number of classes. */
    @FunctionalInterface
    public interface Factory {
        Module create(Shape input, int classes);
    }

    /** One registered model: its name, a line about it, its usual input {@code [C, H, W]} and classes. */
    public record Entry(String name, String description, Shape defaultInput, int defaultClasses, Factory factory) {
        public Module create(Shape input, int classes) {
            return factory.create(input, classes);
        }

        public Module create() {
            return factory.create(defaultInput, defaultClasses);
        }
    }

    private static final Map<String, Entry> ENTRIES = registry();

    private Zoo() {}

    private static Map<String, Entry> registry() {
        Shape mnist = Shape.of(1, 28, 28);
        Shape imagenet = Shape.of(3, 224, 224);
        Shape cifar = Shape.of(3, 32, 32);
        List<Entry> list = new ArrayList<>();
        list.add(new Entry("mlp", "784-300-100-10 ReLU perceptron (LeCun et al. 1998)", mnist, 10, Mlp::create));
        list.add(new Entry("lenet5", "LeNet-5, modern form: tanh, average pooling, dense 120-84 (61,706 params)",
                mnist, 10, LeNet5::create));
        list.add(new Entry("lenet5-classic", "LeNet-5 as in the 1998 paper: trainable subsampling, C3 table, RBF output",
                Shape.of(1, 32, 32), 10, LeNet5::classic));
        list.add(new Entry("alexnet", "AlexNet, torchvision's 64-192-384-256-256 variant", imagenet, 1000,
                AlexNet::create));
        list.add(new Entry("alexnet-2012", "AlexNet as in the 2012 paper (one tower, LRN, 227x227)",
                Shape.of(3, 227, 227), 1000, AlexNet::original2012));
        for (int d : new int[] {11, 13, 16, 19}) {
            list.add(new Entry("vgg" + d, "VGG-" + d + " (Simonyan and Zisserman 2015)", imagenet, 1000,
                    (in, c) -> Vgg.create(d, false, in, c)));
        }
        for (int d : new int[] {11, 13, 16, 19}) {
            list.add(new Entry("vgg" + d + "-bn", "VGG-" + d + " with batch normalization", imagenet, 1000,
                    (in, c) -> Vgg.create(d, true, in, c)));
        }
        list.add(new Entry("googlenet", "GoogLeNet / Inception v1, torchvision's form (BN, no aux classifiers)",
                imagenet, 1000, GoogLeNet::create));
        for (int d : new int[] {18, 34, 50, 101, 152}) {
            list.add(new Entry("resnet" + d, "ResNet-" + d + " for ImageNet (He et al. 2016)", imagenet, 1000,
                    (in, c) -> ResNet.create(d, in, c)));
        }
        for (int d : new int[] {20, 32, 44, 56, 110}) {
            list.add(new Entry("resnet" + d, "ResNet-" + d + " for CIFAR-10 (He et al. 2016, option A shortcuts)",
                    cifar, 10, (in, c) -> CifarResNet.create(d, true, in, c)));
        }
        for (int d : new int[] {20, 32, 44, 56, 110}) {
            list.add(new Entry("plain" + d, "Plain-" + d + ": ResNet-" + d + " for CIFAR-10 without shortcuts", cifar,
                    10, (in, c) -> CifarResNet.create(d, false, in, c)));
        }
        LinkedHashMap<String, Entry> m = new LinkedHashMap<>();
        list.forEach(e -> m.put(e.name(), e));
        return Collections.unmodifiableMap(m);
    }

    /** Every registered name, in a stable order. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    public static Map<String, Entry> entries() {
        return ENTRIES;
    }

    /** The entry named {@code name}; the message lists the known names otherwise. */
    public static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known: " + String.join(", ", names()));
        }
        return e;
    }

    public static Module create(String name, Shape input, int classes) {
        return entry(name).create(input, classes);
    }

    /** The model with its usual input shape and number of classes. */
    public static Module create(String name) {
        return entry(name).create();
    }
}
