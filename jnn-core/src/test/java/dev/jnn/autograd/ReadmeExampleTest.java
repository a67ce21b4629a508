package dev.jnn.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The tensor-and-autograd example of the README, run as written: linear regression by gradient descent. */
class ReadmeExampleTest {

    @Test
    void readmeExampleLearnsTheLine() {
        // --- README example begins
        Tensor x = Tensor.of(new float[][] {{1, -1}, {-1, 2}, {2, 1}, {0, -2}}); // 4 samples, 2 features
        Tensor y = Tensor.of(new float[] {-0.5f, 3.5f, 4.5f, -3.5f}, 4, 1);    // y = x0 + 2·x1 + 0.5
        Tensor w = Tensor.randn(42, 2, 1).requiresGrad(true);                  // parameters: seeded, tracked
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        for (int step = 0; step < 300; step++) {
            Tensor loss = x.matmul(w).add(b).sub(y).square().mean();          // broadcasting + autograd
            w.zeroGrad();
            b.zeroGrad();
            loss.backward();                                                   // fills w.grad(), b.grad()
            w.addInPlace(w.grad(), -0.1f);                                    // SGD, in place, not recorded
            b.addInPlace(b.grad(), -0.1f);
        }
        System.out.println(w);                                                 // ≈ [[1], [2]]; b ≈ 0.5
        // --- README example ends
        assertEquals(1f, w.get(0, 0), 0.02f);
        assertEquals(2f, w.get(1, 0), 0.02f);
        assertEquals(0.5f, b.get(0), 0.02f);
        assertEquals(0f, x.matmul(w).add(b).sub(y).square().mean().item(), 1e-3f);
    }
}
