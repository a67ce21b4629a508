package dev.jnn.autograd.ops;

import static dev.jnn.autograd.GradCheck.assertGradients;
import static dev.jnn.autograd.ops.Inputs.awayFromZero;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ActivationOpsTest {

    @Test
    void reluGradients() {
        assertGradients(in -> ActivationOps.relu(in[0]), awayFromZero(1, 3, 7, 5));
        assertGradients(in -> ActivationOps.relu(in[0].transpose(0, 1)).mul(in[0].transpose(0, 1)),
                awayFromZero(2, 4, 9));
    }

    @Test
    void reluGradientIsZeroAtZeroAndMatchesTheGenericRule() {
        Tensor x = Tensor.of(new float[] {-1f, 0f, 2f, -0f, 3f, -4f, 0.5f, 0f, 1f}, 9).requiresGrad(true);
        Tensor g = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 9);
        ActivationOps.relu(x).backward(g);
        float[] fused = x.grad().toArray();
        assertArrayEquals(new float[] {0, 0, 3, 0, 5, 0, 7, 0, 9}, fused);
        x.zeroGrad();
        x.relu().backward(g);
        assertArrayEquals(x.grad().toArray(), fused);
    }
}
