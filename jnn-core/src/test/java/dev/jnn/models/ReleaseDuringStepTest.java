package dev.jnn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.NoGrad;
import dev.jnn.nn.Module;
import dev.jnn.nn.Parameter;
import dev.jnn.nn.loss.Loss;
import dev.jnn.nn.loss.Target;
import dev.jnn.tensor.Shape;
import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
        var rnd = new SplittableRandom(3);
        float[] v = new float[BATCH * EXAMPLE.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return Tensor.of(v, BATCH, 3, 8, 8);
    }

    /** One training step's loss followed by every parameter gradient, read out before the workspace closes. */
    private static float[] trainStep(Module model, Tensor x, boolean inWorkspace) {
        List<Parameter> params = model.parameters();
        params.forEach(Parameter::zeroGrad);
        Workspace ws = inWorkspace ? Workspace.open() : null;
        try {
            Tensor loss = Loss.crossEntropy().compute(model.forward(x), Target.labels(new int[] {1, 5, 0, 9}));
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
