package dev.jnn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.NoGrad;
import dev.jnn.nn.BatchNorm2d;
import dev.jnn.nn.Dense;
import dev.jnn.nn.GlobalAvgPool2d;
import dev.jnn.nn.MaxPool2d;
import dev.jnn.nn.Module;
import dev.jnn.nn.Residual;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.activation.Activation;
import dev.jnn.nn.Parameter;
import dev.jnn.nn.loss.Loss;
import dev.jnn.nn.loss.Target;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A ResNet-20 step hands activations and gradients back to its workspace as soon as they are consumed: the pool's
 * peak is a fraction of what the step takes in all, and the results are bit for bit those of a step without any
 * workspace (where nothing is recycled, so a wrongly released array would show as a different gradient).
 */
class ReleaseDuringStepTest {

    private static final Shape EXAMPLE = Shape.of(3, 8, 8);
    private static final int BATCH = 4;

    private static Module resnet20() {
        Module m = Zoo.create("resnet20", EXAMPLE, 10);
        m.initialize(7);
        m.build(new int[] {1, 3, 8, 8});
        return m;
    }

    private static Tensor batch() {
        return batch(BATCH, EXAMPLE);
    }

    private static Tensor batch(int n, Shape example) {
        var rnd = new SplittableRandom(3);
        float[] v = new float[n * example.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return Tensor.of(v, n, example.dim(0), example.dim(1), example.dim(2));
    }

    /** One training step's loss followed by every parameter gradient, read out before the workspace closes. */
    private static float[] trainStep(Module model, Tensor x, boolean inWorkspace) {
        List<Parameter> params = model.parameters();
        params.forEach(Parameter::zeroGrad);
        int[] labels = new int[x.dim(0)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (7 * i + 1) % 10;
        }
        Workspace ws = inWorkspace ? Workspace.open() : null;
        try {
            Tensor loss = Loss.crossEntropy().compute(model.forward(x), Target.labels(labels));
            loss.backward();
            int n = 1;
            for (Parameter p : params) {
                n += p.size();
            }
            float[] out = new float[n];
            out[0] = loss.item();
            int at = 1;
            for (Parameter p : params) {
                System.arraycopy(p.grads(), p.gradsOffset(), out, at, p.size());
                at += p.size();
            }
            return out;
        } finally {
            if (ws != null) {
                ws.close();
            }
        }
    }

    private static void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                    what + ": value " + i + " differs: " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void trainingStepReleasesWithoutChangingAnyGradient() {
        Tensor x = batch();
        float[] plain = trainStep(resnet20(), x, false);
        Module model = resnet20();
        trainStep(model, x, true); // fills the pool, so the measured step reuses released arrays
        model = resnet20(); // the same start again (the first step moved the running statistics only)
        Workspace.resetPeak();
        long before = Workspace.floatsHandedOut();
        float[] pooled = trainStep(model, x, true);
        long handedOut = Workspace.floatsHandedOut() - before;
        long peak = Workspace.peakFloats();
        assertBitIdentical(plain, pooled, "loss and gradients with recycling");
        // without releases the peak is everything handed out (forward values and every gradient of the pass)
        assertTrue(peak < handedOut / 2, "peak " + peak + " floats of " + handedOut + " handed out");
    }

    /** Zoo architectures: dense fusion, pooling, tanh, RBF output, plain stacks, inception branches and dropout. */
    @ParameterizedTest(name = "{0} on {1}x{2}x{3}")
    @CsvSource({
        "mlp, 1, 28, 28", "lenet5, 1, 28, 28", "lenet5-classic, 1, 32, 32", "plain20, 3, 8, 8",
        "googlenet, 3, 48, 48",
    })
    void everyZooModelTrainsBitIdenticallyWithEarlyRelease(String name, int c, int h, int w) {
        Shape example = Shape.of(c, h, w);
        Tensor x = batch(2, example);
        java.util.function.Supplier<Module> fresh = () -> {
            Module m = Zoo.create(name, example, 10);
            m.initialize(11);
            m.build(new int[] {1, c, h, w});
            return m;
        };
        float[] plain = trainStep(fresh.get(), x, false);
        trainStep(fresh.get(), x, true); // fills the pool, so the compared step reuses released arrays
        assertBitIdentical(plain, trainStep(fresh.get(), x, true), name + " loss and gradients with recycling");
    }

    /** The ImageNet ResNets' parts at a small size: max pooling and a projection shortcut (convolution + BN). */
    @Test
    void projectionShortcutTrainsBitIdenticallyWithEarlyRelease() {
        Shape example = Shape.of(3, 12, 12);
        Tensor x = batch(3, example);
        java.util.function.Supplier<Module> fresh = () -> {
            Module body = new Sequential(ResNet.conv(8, 16, 3, 2), new BatchNorm2d(16), Activation.relu(),
                    ResNet.conv(16, 16, 3, 1), new BatchNorm2d(16));
            Module m = new Sequential(ResNet.conv(3, 8, 3, 1), new BatchNorm2d(8), Activation.relu(),
                    new MaxPool2d(3, 2).padding(1),
                    new Sequential(new Residual(body, new Sequential(ResNet.conv(8, 16, 1, 2), new BatchNorm2d(16))),
                            Activation.relu()),
                    new GlobalAvgPool2d(), new Dense(16, 10));
            m.initialize(5);
            m.build(new int[] {1, 3, 12, 12});
            return m;
        };
        float[] plain = trainStep(fresh.get(), x, false);
        trainStep(fresh.get(), x, true);
        assertBitIdentical(plain, trainStep(fresh.get(), x, true), "loss and gradients with recycling");
    }

    @Test
    void warmStepsStillTakeEveryArrayFromThePool() {
        Tensor x = batch();
        Module model = resnet20();
        trainStep(model, x, true);
        trainStep(model, x, true);
        long fresh = Workspace.freshArrays();
        trainStep(model, x, true);
        assertEquals(fresh, Workspace.freshArrays(), "releasing early must not change what a warm step allocates");
    }

    @Test
    void inferenceHoldsAFewActivationsAtATime() {
        Tensor x = batch();
        Module model = resnet20();
        model.eval();
        float[] plain;
        try (var g = NoGrad.enter()) {
            plain = model.forward(x).toArray();
            try (var ws = Workspace.open()) {
                model.forward(x);
            }
            try (var ws = Workspace.open()) {
                Workspace.resetPeak();
                long before = Workspace.floatsHandedOut();
                float[] pooled = model.forward(x).toArray();
                long handedOut = Workspace.floatsHandedOut() - before;
                assertBitIdentical(plain, pooled, "logits with recycling");
                long activation = (long) BATCH * 16 * 8 * 8; // the largest activation, of the first stage
                // a block's input, its output and two values inside it, plus the input of the enclosing stage,
                // which stays until the stage returns, and small per-channel arrays: under 5 activations
                assertTrue(Workspace.peakFloats() <= 5 * activation, "peak " + Workspace.peakFloats()
                        + " floats, activation " + activation + ", handed out " + handedOut);
                assertTrue(handedOut > 20 * activation, "a forward pass takes many activations: " + handedOut);
            }
        }
    }
}
