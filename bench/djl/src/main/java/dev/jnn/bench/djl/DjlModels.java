package dev.jnn.bench.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.function.Supplier;

/**
 * Whole-model rows of the DJL side, in images/s, the same networks and recipes as jnn's zoo and
 * bench/peers/torch_bench.py: the 784-300-100-10 ReLU MLP (SGD 0.01, momentum 0.9), the modern LeNet-5 (tanh,
 * average pooling, Adam 1e-3) and the CIFAR ResNet-20 with option-A shortcuts (SGD 0.1, momentum 0.9).
 */
final class DjlModels {

    static final String IMAGES = "images/s";

    private DjlModels() {}

    static DjlWorkloads.Entry mlp(int batch, boolean train) {
        return entry("mlp", DjlModels::mlpBlock, new Shape(batch, 1, 28, 28), () -> sgd(0.01f), train);
    }

    static DjlWorkloads.Entry lenet5(int batch, boolean train) {
        return entry("lenet5", DjlModels::lenet5Block, new Shape(batch, 1, 28, 28),
                () -> Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(), train);
    }

    static DjlWorkloads.Entry resnet20(int batch, boolean train) {
        return entry("resnet20", DjlModels::resnet20Block, new Shape(batch, 3, 32, 32), () -> sgd(0.1f), train);
    }

    private static Optimizer sgd(float lr) {
        return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).optMomentum(0.9f).build();
    }

    private static Block mlpBlock() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock(784))
                .add(Linear.builder().setUnits(300).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(100).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
    }

    private static Block lenet5Block() {
        Shape two = new Shape(2, 2);
        return new SequentialBlock()
                .add(conv(6, 5, 1, 2, true)).add(Activation::tanh).add(Pool.avgPool2dBlock(two, two))
                .add(conv(16, 5, 1, 0, true)).add(Activation::tanh).add(Pool.avgPool2dBlock(two, two))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(120).build()).add(Activation::tanh)
                .add(Linear.builder().setUnits(84).build()).add(Activation::tanh)
                .add(Linear.builder().setUnits(10).build());
    }

    private static Block resnet20Block() {
        SequentialBlock net = new SequentialBlock()
                .add(conv(16, 3, 1, 1, false)).add(BatchNorm.builder().build()).add(Activation::relu);
        int in = 16;
        for (int stage = 0; stage < 3; stage++) {
            int out = 16 << stage;
            for (int block = 0; block < 3; block++) {
                net.add(residual(in, out, stage > 0 && block == 0 ? 2 : 1));
                in = out;
            }
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    /**
     * A basic block: conv-BN-ReLU-conv-BN plus the shortcut, then ReLU. Option A: the shortcut subsamples the input
     * by the stride and pads the new channels with zeros, half before and half after.
     */
    private static Block residual(int in, int out, int stride) {
        Block body = new SequentialBlock()
                .add(conv(out, 3, stride, 1, false)).add(BatchNorm.builder().build()).add(Activation::relu)
                .add(conv(out, 3, 1, 1, false)).add(BatchNorm.builder().build());
        int extra = out - in;
        Block shortcut = stride == 1 && extra == 0 ? Blocks.identityBlock() : new LambdaBlock(list -> {
            NDArray x = list.singletonOrThrow().get(":, :, ::" + stride + ", ::" + stride);
            // Padding pairs run from the last axis backwards (as torch's pad): W, H, then channels.
            return new NDList(x.pad(new Shape(0, 0, 0, 0, extra / 2, extra - extra / 2), 0));
        });
        return new ParallelBlock(branches -> new NDList(Activation.relu(
                branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()))), List.of(body, shortcut));
    }

    private static Block conv(int filters, int kernel, int stride, int pad, boolean bias) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(pad, pad)).optBias(bias).build();
    }

    /** One training step (forward, softmax cross-entropy, backward, update) or one forward without gradients. */
    private static DjlWorkloads.Entry entry(String name, Supplier<Block> block, Shape inputShape,
                                            Supplier<Optimizer> optimizer, boolean train) {
        return new DjlWorkloads.Entry(IMAGES, manager -> {
            Model model = Model.newInstance(name);
            model.setBlock(block.get());
            Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer.get()));
            trainer.initialize(inputShape);
            long batch = inputShape.get(0);
            NDArray x = manager.randomUniform(-1f, 1f, inputShape);
            NDArray labels = manager.randomInteger(0, 10, new Shape(batch), DataType.INT64);
            // Each call's intermediates go to a sub-manager closed after the call, so memory stays flat.
            Runnable body = train
                    ? () -> {
                        try (NDManager step = manager.newSubManager()) {
                            NDArray xs = x.duplicate();
                            xs.attach(step);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray out = trainer.forward(new NDList(xs)).singletonOrThrow();
                                NDArray l = trainer.getLoss().evaluate(new NDList(labels), new NDList(out));
                                gc.backward(l);
                            }
                            trainer.step();
                        }
                    }
                    : () -> {
                        try (NDManager step = manager.newSubManager()) {
                            NDArray xs = x.duplicate();
                            xs.attach(step);
                            trainer.evaluate(new NDList(xs));
                        }
                    };
            return new DjlWorkloads.Timed(body, batch, null,
                    train ? "" : "Trainer.evaluate: forward outside a gradient collector");
        });
    }
}
