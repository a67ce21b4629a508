package dev.jnn.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.tensor.Tensor;
import dev.jnn.tensor.Workspace;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A training-style loop — x[64,784]·W1[784,300] → relu → ·W2[300,10] → softmax-CE → backward → SGD in place —
 * allocates far less than one activation array per step once warm when each step runs in a {@link Workspace}.
 */
class SteadyStateAllocationTest {

    private static final int BATCH = 64;
    private static final long ACTIVATION_BYTES = 4L * BATCH * 300; // the hidden layer: 76,800 bytes

    private final Tensor x = Tensor.randn(1, BATCH, 784);
    private final int[] labels = new int[BATCH];
    private final Tensor w1 = Tensor.randn(2, 784, 300).mulInPlace(0.05f).requiresGrad(true);
    private final Tensor b1 = Tensor.zeros(300).requiresGrad(true);
    private final Tensor w2 = Tensor.randn(3, 300, 10).mulInPlace(0.05f).requiresGrad(true);
    private final Tensor b2 = Tensor.zeros(10).requiresGrad(true);

    SteadyStateAllocationTest() {
        for (int i = 0; i < BATCH; i++) {
            labels[i] = i % 10;
        }
    }

    private float step() {
        for (Tensor p : new Tensor[] {w1, b1, w2, b2}) {
            p.zeroGrad();
        }
        Tensor loss = x.matmul(w1).add(b1).relu().matmul(w2).add(b2).crossEntropy(labels);
        loss.backward();
        try (var g = NoGrad.enter()) {
            for (Tensor p : new Tensor[] {w1, b1, w2, b2}) {
                p.addInPlace(p.grad(), -0.1f);
            }
        }
        return loss.item();
    }

    private float scopedStep() {
        try (var step = Workspace.open()) {
            return step();
        }
    }

    @Test
    void repeatedMlpStepReusesItsBuffers() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        long limit = 64 * 1024;
        float first = scopedStep();
        scopedStep();
        long fresh = Workspace.freshArrays();
        scopedStep();
        assertEquals(fresh, Workspace.freshArrays(), "a warm step must take every array from the pool");
        // Until the JIT has compiled the Vector API loops (C2), each vector operation allocates its boxes, so measure
        // rounds of 10 steps until one is below the limit (typically after 50-200 steps) or give up after 15 s: a
        // time budget rather than a step count, because how soon C2 gets there depends on the machine's load.
        long pooledPerStep = Long.MAX_VALUE;
        int steps = 1;
        float last = first;
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (pooledPerStep >= limit && System.nanoTime() < deadline) {
            long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < 10; i++) {
                last = scopedStep();
            }
            pooledPerStep = (threads.getThreadAllocatedBytes(self) - before) / 10;
            steps += 10;
        }
        long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < 10; i++) {
            step();
        }
        long plainPerStep = (threads.getThreadAllocatedBytes(self) - before) / 10;

        assertTrue(last < first, "training should reduce the loss: " + first + " -> " + last);
        // without the workspace every activation and gradient is a new array (many times ACTIVATION_BYTES)
        assertTrue(plainPerStep > 4 * ACTIVATION_BYTES, "unpooled step allocated only " + plainPerStep + " bytes");
        assertTrue(pooledPerStep < limit && pooledPerStep < ACTIVATION_BYTES,
                "pooled step allocated " + pooledPerStep + " bytes after " + steps + " steps (plain step: "
                        + plainPerStep + ")");
        System.out.println("MLP step allocation after " + steps + " steps: pooled " + pooledPerStep
                + " B/step, plain " + plainPerStep + " B/step");
    }

    @Test
    void repeatedConvNetStepReusesItsBuffers() {
        // x[16,1,14,14] → conv 6×1×5×5 (pad 2) → relu → maxpool 2 → [16, 6·7·7] → linear → softmax-CE
        Tensor images = Tensor.randn(4, 16, 1, 14, 14);
        Tensor kernel = Tensor.randn(5, 6, 1, 5, 5).mulInPlace(0.2f).requiresGrad(true);
        Tensor kernelBias = Tensor.zeros(6).requiresGrad(true);
        Tensor dense = Tensor.randn(6, 294, 10).mulInPlace(0.05f).requiresGrad(true);
        int[] classes = new int[16];
        for (int i = 0; i < 16; i++) {
            classes[i] = i % 10;
        }
        Tensor[] params = {kernel, kernelBias, dense};
        // The conv/pool kernels' own scratch is theirs to test; this checks that every tensor and index array of
        // the step (activations, saved values, gradients, argmax) comes from the pool once the step is warm.
        long start = Workspace.freshArrays();
        long fresh = 0;
        float first = 0;
        float last = 0;
        for (int i = 0; i < 12; i++) {
            if (i == 2) {
                fresh = Workspace.freshArrays();
            }
            try (var step = Workspace.open()) {
                for (Tensor p : params) {
                    p.zeroGrad();
                }
                Tensor h = images.conv2d(kernel, kernelBias, 1, 2).relu().maxPool2d(2, 2, 0);
                Tensor loss = h.reshape(16, -1).matmul(dense).crossEntropy(classes);
                loss.backward();
                for (Tensor p : params) {
                    p.addInPlace(p.grad(), -0.05f);
                }
                last = loss.item();
                first = i == 0 ? last : first;
            }
        }
        assertTrue(fresh > start, "the first steps fill the pool");
        assertEquals(fresh, Workspace.freshArrays(), "warm steps must take every array from the pool");
        assertTrue(last < first, "training should reduce the loss: " + first + " -> " + last);
    }

    @Test
    void sameSeedGivesBitIdenticalTraining() {
        float[] first = trainFromSeed();
        float[] second = trainFromSeed();
        for (int i = 0; i < first.length; i++) {
            assertTrue(Float.floatToIntBits(first[i]) == Float.floatToIntBits(second[i]), "loss of step " + i
                    + " differs: " + first[i] + " vs " + second[i]);
        }
    }

    private static float[] trainFromSeed() {
        var run = new SteadyStateAllocationTest();
        float[] losses = new float[3];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = run.scopedStep();
        }
        return losses;
    }
}
