package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Dense layer followed by ReLU, tanh or sigmoid runs fused inside Sequential: same values, same gradients. */
class SequentialFusionTest {

    @Test
    void fusedDenseActivationMatchesTheLayersRunOneByOne() {
        Sequential fused = new Sequential(new Dense(6, 9), Activation.relu(), new Dense(9, 5), Activation.tanh(),
                new Dense(5, 4), Activation.sigmoid(), new Dense(4, 3));
        fused.initialize(7);
        Tensor x = Tensor.randn(3, 4, 6);
        // the same layers applied one at a time: nothing to fuse
        Tensor y = x;
        for (Module m : fused.layers()) {
            y = m.forward(y);
        }
        Tensor loss = y.square().sum();
        loss.backward();
        List<Parameter> params = fused.parameters();
        float[][] expectedGrads = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            expectedGrads[i] = params.get(i).grads().clone();
            params.get(i).zeroGrad();
        }
        Tensor yFused = fused.forward(x);
        assertClose(y.toArray(), yFused.toArray(), "output");
        yFused.square().sum().backward();
        for (int i = 0; i < params.size(); i++) {
            assertClose(expectedGrads[i], params.get(i).grads(), params.get(i).name());
        }
    }

    @Test
    void fusedLayersPassTheGradientCheck() {
        Checks.gradients(new Sequential(new Dense(5, 4), Activation.tanh(), new Dense(4, 3), Activation.sigmoid()),
                Tensor.randn(11, 3, 5));
        // relu: a kink at 0, so inputs and weights keep pre-activations away from it
        Dense dense = new Dense(3, 2);
        dense.initialize(3);
        dense.parameters().get(0).load(Checks.awayFromZero(12, 0.3f, 3, 2));
        Tensor x = Tensor.of(new float[] {1, 0.5f, 0.25f, 2, 1.5f, 0.75f}, 2, 3);
        Sequential relu = new Sequential(dense, Activation.relu());
        assertArrayEquals(dense.forward(x).relu().toArray(), relu.forward(x).toArray());
        Checks.gradients(relu, x);
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f + 1e-5f * Math.abs(expected[i]), what + " at " + i);
        }
    }
}
