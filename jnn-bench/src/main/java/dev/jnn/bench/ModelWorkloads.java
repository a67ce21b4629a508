package dev.jnn.bench;

import dev.jnn.autograd.NoGrad;
import dev.jnn.models.Zoo;
import dev.jnn.nn.Module;
import dev.jnn.nn.Parameter;
import dev.jnn.nn.loss.Loss;
import dev.jnn.nn.loss.Target;
import dev.jnn.optim.Adam;
import dev.jnn.optim.Momentum;
import dev.jnn.optim.Optimizer;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Whole-model rows in images/s: one training step (forward, softmax cross-entropy, backward, optimizer update) or one
 * inference forward pass (evaluation mode, no gradients) per call, on a fixed batch of random inputs and labels.
 * Each step runs inside a {@link Workspace}, as {@code Trainer} does, so steady-state steps reuse their arrays.
 */
final class ModelWorkloads {

    static final String IMAGES = "images/s";

    private static final Shape MNIST = Shape.of(1, 28, 28);
    private static final Shape CIFAR = Shape.of(3, 32, 32);

    private ModelWorkloads() {}

    static List<Workload> all() {
        Supplier<Optimizer> sgd = () -> new Momentum(0.01, 0.9);
        Supplier<Optimizer> adam = () -> new Adam(1e-3);
        Supplier<Optimizer> sgdResNet = () -> new Momentum(0.1, 0.9);
        return List.of(
                train("mlp-train-b64", "mlp", MNIST, 64, sgd),
                train("mlp-train-b256", "mlp", MNIST, 256, sgd),
                infer("mlp-infer-b256", "mlp", MNIST, 256),
                train("lenet5-train-b64", "lenet5", MNIST, 64, adam),
                train("lenet5-train-b256", "lenet5", MNIST, 256, adam),
                infer("lenet5-infer-b256", "lenet5", MNIST, 256),
                train("resnet20-train-b128", "resnet20", CIFAR, 128, sgdResNet),
                infer("resnet20-infer-b256", "resnet20", CIFAR, 256));
    }

    /** A fixed random batch [batch, C, H, W] in [-1, 1) and labels in [0, 10). */
    private record Inputs(Tensor x, int[] labels) {
        static Inputs random(Shape example, int batch) {
            var rnd = new SplittableRandom(42);
            int[] dims = new int[example.rank() + 1];
            dims[0] = batch;
            System.arraycopy(example.toArray(), 0, dims, 1, example.rank());
            Tensor x = Tensor.of(Data.uniform(rnd, batch * example.size()), dims);
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = rnd.nextInt(10);
            }
            return new Inputs(x, labels);
        }
    }

    private static Module model(String zooName, Shape example) {
        Module m = Zoo.create(zooName, example, 10);
        m.initialize(1);
        int[] one = new int[example.rank() + 1];
        one[0] = 1;
        System.arraycopy(example.toArray(), 0, one, 1, example.rank());
        m.build(one); // lazy layers get their parameters outside any step's workspace
        return m;
    }

    static Workload train(String name, String zooName, Shape example, int batch, Supplier<Optimizer> optimizer) {
        return new Workload(name, IMAGES, batch, () -> {
            Inputs in = Inputs.random(example, batch);
            Module model = model(zooName, example);
            model.train(true);
            Optimizer opt = optimizer.get();
            Loss loss = Loss.crossEntropy();
            Target target = Target.labels(in.labels());
            List<Parameter> params = model.parameters();
            return () -> {
                for (int i = 0, n = params.size(); i < n; i++) {
                    params.get(i).zeroGrad();
                }
                try (Workspace ws = Workspace.open()) {
                    loss.compute(model.forward(in.x()), target).backward();
                }
                opt.step(params);
            };
        });
    }

    static Workload infer(String name, String zooName, Shape example, int batch) {
        return new Workload(name, IMAGES, batch, () -> {
            Inputs in = Inputs.random(example, batch);
            Module model = model(zooName, example);
            model.eval();
            return () -> {
                try (NoGrad g = NoGrad.enter(); Workspace ws = Workspace.open()) {
                    model.forward(in.x());
                }
            };
        });
    }
}
