package dev.jnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jnn.autograd.NoGrad;
import dev.jnn.nn.activation.Activation;
import dev.jnn.nn.loss.Loss;
import dev.jnn.optim.Adam;
import dev.jnn.optim.Optimizer;
import dev.jnn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * XOR needs a hidden layer: a 2-2-1 sigmoid network learns it, a single sigmoid unit cannot. (Some initializations
 * of the 2-2-1 network end in the well-known local minimum where one input pattern sits at 0.5; the fixed seed here
 * is one that does not.)
 */
class XorTest {

    private static final Tensor X = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    private static final Tensor Y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);

    /** Full-batch training; returns the accuracy (output ≥ 0.5 means class 1). */
    private static double train(Module model, long seed, int steps) {
        model.initialize(seed);
        Optimizer opt = new Adam(0.1);
        Loss loss = Loss.binaryCrossEntropy();
        List<Parameter> params = model.parameters();
        for (int i = 0; i < steps; i++) {
            model.zeroGrad();
            loss.compute(model.forward(X), Y).backward();
            opt.step(params);
        }
        float[] out = NoGrad.run(() -> model.forward(X)).toArray();
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            correct += (out[i] >= 0.5f) == (Y.toArray()[i] == 1f) ? 1 : 0;
        }
        return correct / 4.0;
    }

    @Test
    void twoTwoOneSigmoidNetworkLearnsXor() {
        Sequential mlp = new Sequential(new Dense(2, 2), Activation.sigmoid(), new Dense(2, 1), Activation.sigmoid());
        assertEquals(1.0, train(mlp, 4, 300));
        float[] out = NoGrad.run(() -> mlp.forward(X)).toArray();
        assertTrue(out[0] < 0.1 && out[1] > 0.9 && out[2] > 0.9 && out[3] < 0.1, java.util.Arrays.toString(out));
    }

    @Test
    void aSingleLayerCannotLearnXor() {
        Sequential perceptron = new Sequential(new Dense(2, 1), Activation.sigmoid());
        assertTrue(train(perceptron, 4, 300) <= 0.75, "XOR is not linearly separable");
        // And after training it is no better than a constant: the optimum of a linear unit is 0.5 everywhere.
        float[] out = NoGrad.run(() -> perceptron.forward(X)).toArray();
        for (float o : out) {
            assertEquals(0.5f, o, 0.05f);
        }
    }
}
