package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jnn.nn.activation.Activation;
import dev.jnn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Dense or Conv2d layer followed by ReLU, tanh or sigmoid runs fused inside Sequential: same values, same
 * gradients.
 */
class SequentialFusionTest {

    @Test
    void fusedDenseActivationMatchesTheLayersRunOneByOne() {
        Sequential fused = new Sequential(new Dense(6, 9), Activation.relu(), new Dense(9, 5), Activation.tanh(),
                new Dense(5, 4), Activation.sigmoid(), new Dense(4, 3));
        fused.initialize(7);
        assertFusedMatchesOneByOne(fused, Tensor.randn(3, 4, 6));
    }

    /**
     * The convolution paths: direct (stride 1, few channels, as LeNet's), im2col (stride 2) and implicit GEMM (an
     * output width of a vector), each with its activation applied image by image.
     */
    @Test
    void fusedConvActivationMatchesTheLayersRunOneByOne() {
        Sequential fused = new Sequential(new Conv2d(2, 6, 3), Activation.tanh(),
                new Conv2d(6, 7, 3).stride(2).padding(1), Activation.relu(),
                new Conv2d(7, 8, 3).padding(1), Activation.sigmoid(), new Conv2d(8, 3, 1));
        fused.initialize(5);
        assertFusedMatchesOneByOne(fused, Tensor.randn(4, 3, 2, 17, 17));
        assertFusedMatchesOneByOne(fused, Tensor.randn(6, 2, 2, 33, 33)); // an output 16 wide: implicit GEMM
    }

    private static void assertFusedMatchesOneByOne(Sequential fused, Tensor x) {
        fused.parameters().forEach(Parameter::zeroGrad);
        // the same layers applied one at a time: nothing to fuse
        Tensor y = x;
        for (Module m : fused.layers()) {
            y = m.forward(y);
        }
        Tensor loss = y.square().sum();
        loss.backward();
        List<Parameter> params = fused.parameters();
        float[][] expectedGrads = takeGradients(params);
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

    /**
     * BatchNorm+ReLU and a residual block (body ending in batch norm) + ReLU run fused: the same bits as the layers
     * applied one at a time, forward and backward, in training and evaluation mode.
     */
    @Test
    void fusedBatchNormReluAndResidualBlocksMatchTheLayersRunOneByOne() {
        Conv2d stem = new Conv2d(2, 4, 3).padding(1);
        BatchNorm2d bnStem = new BatchNorm2d(4);
        Conv2d c1 = new Conv2d(4, 4, 3).padding(1);
        BatchNorm2d bn1 = new BatchNorm2d(4);
        Conv2d c2 = new Conv2d(4, 4, 3).padding(1);
        BatchNorm2d bn2 = new BatchNorm2d(4);
        Conv2d projection = new Conv2d(4, 4, 1);
        Sequential body = new Sequential(c1, bn1, Activation.relu(), c2, bn2);
        Sequential net = new Sequential(stem, bnStem, Activation.relu(),
                new Sequential(new Residual(body, projection), Activation.relu()));
        net.initialize(5);
        Tensor x = Tensor.randn(6, 3, 2, 5, 6);
        for (boolean training : new boolean[] {true, false}) {
            net.train(training);
            Tensor h = bnStem.forward(stem.forward(x)).relu();
            Tensor b = bn2.forward(c2.forward(bn1.forward(c1.forward(h)).relu()));
            Tensor y = b.add(projection.forward(h)).relu();
            y.square().sum().backward();
            List<Parameter> params = net.parameters();
            float[][] expectedGrads = takeGradients(params);
            Tensor yFused = net.forward(x);
            assertArrayEquals(y.toArray(), yFused.toArray(), "output, training " + training);
            yFused.square().sum().backward();
            for (int i = 0; i < params.size(); i++) {
                assertArrayEquals(expectedGrads[i], params.get(i).grads(), params.get(i).name() + ", training "
                        + training);
                params.get(i).zeroGrad();
            }
        }
    }

    /** A copy of each parameter's gradient, which is then zeroed for the next pass. */
    private static float[][] takeGradients(List<Parameter> params) {
        float[][] grads = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            grads[i] = params.get(i).grads().clone();
            params.get(i).zeroGrad();
        }
        return grads;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f + 1e-5f * Math.abs(expected[i]), what + " at " + i);
        }
    }
}
