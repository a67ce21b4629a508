package dev.jnn.bench.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** Whole-model rows of the DJL side, in images/s: the 784-300-100-10 ReLU MLP, trained with SGD momentum 0.9. */
final class DjlModels {

    static final String IMAGES = "images/s";

    private DjlModels() {}

    static DjlWorkloads.Entry mlp(int batch, boolean train) {
        return new DjlWorkloads.Entry(IMAGES, manager -> {
            SequentialBlock block = new SequentialBlock()
                    .add(Blocks.batchFlattenBlock(784))
                    .add(Linear.builder().setUnits(300).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(100).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(10).build());
            Model model = Model.newInstance("mlp");
            model.setBlock(block);
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f).build();
            Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(sgd));
            Shape inputShape = new Shape(batch, 1, 28, 28);
            trainer.initialize(inputShape);
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
