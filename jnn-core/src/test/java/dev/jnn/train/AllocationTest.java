package dev.jnn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.data.Batch;
import dev.jnn.data.DataLoader;
import dev.jnn.nn.Sequential;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.Adam;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** A steady-state training step reuses its arrays: it allocates far less than its activations and gradients. */
class AllocationTest {

    @Test
    void steadyStateStepAllocatesAlmostNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs com.sun.management.ThreadMXBean");
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "allocation counting not supported");
        mx.setThreadAllocatedMemoryEnabled(true);

        Batch batch = DataLoader.of(Digits.split().train(), 128).prefetch(0).epoch(0).next();
        Sequential model = Digits.mlp(9);
        Trainer trainer = Trainer.of(model, new Adam(1e-3), Loss.crossEntropy());
        Fit fit = Fit.epochs(1).clipNorm(5);
        long tid = Thread.currentThread().threadId();
        // Until the JIT has compiled the Vector API kernels, vectors are boxed on the heap; so measure windows of
        // steps until one is in the steady state (or the budget runs out) and judge the best window.
        int steps = 50;
        long perStep = Long.MAX_VALUE;
        long deadline = System.nanoTime() + 8_000_000_000L;
        while (System.nanoTime() < deadline) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < steps; i++) {
                trainer.trainStep(batch, fit);
            }
            perStep = Math.min(perStep, (mx.getThreadAllocatedBytes(tid) - before) / steps);
            if (perStep < 12_000) {
                break;
            }
        }
        // The forward activations alone are 128 × (32 + 32 + 10) floats ≈ 38 KB per step, and backward needs as
        // much again, so without recycling a step allocates well over 76 KB; with the workspace only the tape's
        // small objects (nodes, shapes, views: about 10-15 KB) remain.
        // The JIT does not always reach the same steady state (10-15 KB in most runs, up to ~43 KB in some where a
        // vector value stays boxed), so the bound is what a step without recycling could not stay under: the forward
        // activations plus their gradients (a step without the workspace measured ~119 KB).
        long activationBytes = 4L * 128 * (32 + 32 + 10);
        System.out.println("AllocationTest: " + perStep + " bytes per steady-state step (forward activations: "
                + activationBytes + " bytes)");
        assertTrue(perStep < 2 * activationBytes, perStep + " bytes allocated per step");
    }
}
